//! The progress dashboard: per concept (mastery, coverage, latest grades, an eight-week
//! trend, calibration) and across concepts (a year's heatmap, streaks, the grades given,
//! time spent, the weakest questions and the coming reviews). Every chart has its numbers
//! beside it as text or a table.

pub mod concept;

use crate::api::progress::load_dashboard;
use crate::components::charts::{Bars, Heatmap, Sparkline};
use crate::components::notice::{ErrorNotice, Loading};
use crate::domain::calendar::{Date, duration};
use crate::domain::progress::{self, ConceptProgress, Dashboard, FORECAST_DAYS, WeakQuestion};
use crate::domain::words::counted;
use crate::domain::{Rating, ReturnPath};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ProgressPage() -> impl IntoView {
    let dashboard = Resource::new(|| (), |()| load_dashboard());
    view! {
        <Title text="Your progress"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(Some(dashboard)) => view! { <DashboardView dashboard/> }.into_any(),
                    Ok(None) => view! { <SignedOut/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignedOut() -> impl IntoView {
    let here = ReturnPath::parse("/progress");
    view! {
        <section class="progress">
            <h1>"Your progress"</h1>
            <p>
                <A href=ReturnPath::link("/sign-in", here.as_ref())>"Sign in"</A>
                " or "
                <A href=ReturnPath::link("/sign-up", here.as_ref())>"create an account"</A>
                " and this page shows where you stand on each concept, your streak, and what to "
                "practise next."
            </p>
        </section>
    }
}

fn day_label(day: Date) -> String {
    day.long()
}

#[component]
fn DashboardView(dashboard: Dashboard) -> impl IntoView {
    let zone_note = if dashboard.time_zone_set {
        format!(
            "Days are counted in your time zone, {}.",
            dashboard.time_zone
        )
    } else {
        "Days are counted in UTC until you set your time zone.".to_owned()
    };
    let header = view! {
        <h1>"Your progress"</h1>
        <p class="lede">
            {zone_note} " " <A href="/account#time-zone">"Change it on your account page"</A> "."
        </p>
    };
    if dashboard.attempts == 0 {
        return view! {
            <section class="progress">
                {header}
                <div class="empty-state">
                    <h2>"Nothing here yet"</h2>
                    <p>
                        "Once you answer a question, this page shows your mastery of each "
                        "concept, a calendar of the days you practised, your streak, how you "
                        "grade yourself, the questions to work on next and the reviews coming up."
                    </p>
                    <p>
                        <a class="button primary" href="/">"Choose your first question"</a>
                    </p>
                </div>
            </section>
        }
        .into_any();
    }
    let Dashboard {
        today,
        attempts,
        concepts,
        heatmap,
        current_streak,
        longest_streak,
        ratings,
        total_seconds,
        weekly_seconds,
        weakest,
        forecast,
        ..
    } = dashboard;
    let this_week = weekly_seconds.last().copied().unwrap_or(0);
    // Erased to one type: the whole page as one nested view type is too deep for a release
    // build of the browser bundle.
    let charts = view! {
        <YearHeatmap today days=heatmap/>
        <RatingMix ratings/>
        <WeeklyTime weekly_seconds/>
        <Weakest weakest/>
        <Forecast today forecast/>
    }
    .into_any();
    let cards = concepts
        .into_iter()
        .map(|c| view! { <ConceptCard progress=c/> }.into_any())
        .collect_view();
    view! {
        <section class="progress">
            {header}
            <section aria-labelledby="summary-heading">
                <h2 id="summary-heading" class="visually-hidden">"Summary"</h2>
                <dl class="stats">
                    <div>
                        <dt>"Current streak"</dt>
                        <dd>{counted(i64::from(current_streak), "day", "days")}</dd>
                    </div>
                    <div>
                        <dt>"Longest streak"</dt>
                        <dd>{counted(i64::from(longest_streak), "day", "days")}</dd>
                    </div>
                    <div>
                        <dt>"Answers"</dt>
                        <dd>{attempts}</dd>
                    </div>
                    <div>
                        <dt>"Time spent"</dt>
                        <dd>{duration(total_seconds)} <span class="muted">{format!(" ({} in the last 7 days)", duration(this_week))}</span></dd>
                    </div>
                </dl>
            </section>
            <section aria-labelledby="concepts-heading">
                <h2 id="concepts-heading">"By concept"</h2>
                <div class="concept-cards">
                    {cards}
                </div>
            </section>
            {charts}
        </section>
    }
    .into_any()
}

#[component]
fn ConceptCard(progress: ConceptProgress) -> impl IntoView {
    let ConceptProgress {
        concept,
        mastery,
        attempted,
        questions,
        latest,
        trend,
        confident_followed,
        again_after_confident,
    } = progress;
    let heading_id = format!("concept-{}", concept.slug());
    let labelled_by = heading_id.clone();
    let mastery_text = mastery.map_or_else(|| "—".to_owned(), |m| format!("{m} %"));
    let trend_words: Vec<String> = trend
        .iter()
        .map(|p| p.map_or_else(|| "none".to_owned(), |v| format!("{v:.1}")))
        .collect();
    let trend_summary = format!(
        "Average grade per week over the last 8 weeks, oldest first, 1 Again to 4 Easy: {}.",
        trend_words.join(", ")
    );
    let latest_view = if latest.is_empty() {
        view! { <span class="muted">"none yet"</span> }.into_any()
    } else {
        view! {
            <ol class="latest-ratings">
                {latest
                    .into_iter()
                    .map(|r| view! { <li class=format!("rating rating-{}", r.number())>{r.label()}</li> })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };
    let calibration = match progress::calibration(confident_followed, again_after_confident) {
        Some(pct) => format!(
            "Calibration: {again_after_confident} of the {confident_followed} times you rated a \
             question Good or Easy and met it again, you then rated it Again ({pct} %). The \
             higher this is, the kinder your Good is than your memory."
        ),
        None => "Calibration: shown once a question you rated Good or Easy comes back.".to_owned(),
    };
    view! {
        <article class="concept-card" aria-labelledby=labelled_by>
            <h3 id=heading_id>
                <a href=format!("/progress/{}", concept.slug())>{concept.label()}</a>
            </h3>
            <p class="mastery">
                <span class="big">{mastery_text}</span>
                " mastery"
            </p>
            <meter min="0" max="100" value=mastery.unwrap_or(0) aria-label=format!("Mastery of {}", concept.label())></meter>
            <p class="muted">
                "Average chance of recalling each of its questions today (never practised counts as 0)."
            </p>
            <p>{format!("Coverage: {attempted} of {questions} questions attempted")}</p>
            // A <div>, not a <p>: a list inside a paragraph is not valid HTML, and the browser's
            // repair of it would break hydration.
            <div class="latest">"Latest grades, newest first: " {latest_view}</div>
            <figure class="trend">
                <Sparkline points=trend summary=trend_summary.clone()/>
                <figcaption class="muted">{trend_summary}</figcaption>
            </figure>
            <p class="calibration">{calibration}</p>
        </article>
    }
}

#[component]
fn YearHeatmap(today: Date, days: Vec<(Date, i64)>) -> impl IntoView {
    let total: i64 = days.iter().map(|(_, n)| n).sum();
    let busiest = days.iter().max_by_key(|(_, n)| *n).copied();
    let summary = match busiest {
        Some((day, n)) => format!(
            "{} on {} in the last 12 months; the busiest was {} with {}.",
            counted(total, "attempt", "attempts"),
            counted(i64::try_from(days.len()).unwrap_or(0), "day", "days"),
            day_label(day),
            counted(n, "attempt", "attempts"),
        ),
        None => "No attempts in the last 12 months.".to_owned(),
    };
    // The same facts by month, for reading rather than looking.
    let mut months: Vec<(String, i64, i64)> = Vec::new();
    for (day, n) in &days {
        let month = day.month_year();
        match months.last_mut() {
            Some((m, attempts, active)) if *m == month => {
                *attempts += n;
                *active += 1;
            }
            _ => months.push((month, *n, 1)),
        }
    }
    view! {
        <section aria-labelledby="heatmap-heading">
            <h2 id="heatmap-heading">"The last 12 months"</h2>
            <figure>
                // Wider than a phone: the calendar scrolls sideways inside its frame, which
                // the keyboard can reach.
                <div class="heatmap-frame" tabindex="0" role="group" aria-label="Calendar of the last 12 months, scrolls sideways">
                    <Heatmap today days=days.clone() summary=summary.clone()/>
                </div>
                <figcaption>{summary}</figcaption>
            </figure>
            <details>
                <summary>"Attempts by month"</summary>
                <table>
                    <thead><tr><th scope="col">"Month"</th><th scope="col">"Attempts"</th><th scope="col">"Days practised"</th></tr></thead>
                    <tbody>
                        {months
                            .into_iter()
                            .map(|(m, a, d)| view! { <tr><th scope="row">{m}</th><td>{a}</td><td>{d}</td></tr> })
                            .collect_view()}
                    </tbody>
                </table>
            </details>
        </section>
    }
}

#[component]
fn RatingMix(ratings: [i64; 4]) -> impl IntoView {
    let total: i64 = ratings.iter().sum();
    let parts: Vec<String> = Rating::ALL
        .iter()
        .zip(ratings)
        .map(|(r, n)| format!("{} {n}", r.label()))
        .collect();
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    let values = ratings.iter().map(|n| *n as f64).collect();
    let summary = format!("Your grades: {}.", parts.join(", "));
    view! {
        <section aria-labelledby="ratings-heading">
            <h2 id="ratings-heading">"How you grade yourself"</h2>
            <figure class="small-chart">
                <Bars
                    values
                    labels=Rating::ALL.iter().map(|r| r.label().to_owned()).collect()
                    summary=summary.clone()
                    class="bars ratings"
                    bar_width=48.0
                />
                <figcaption>{format!("{summary} {} in all.", counted(total, "grade", "grades"))}</figcaption>
            </figure>
        </section>
    }
}

#[component]
fn WeeklyTime(weekly_seconds: Vec<i64>) -> impl IntoView {
    let n = weekly_seconds.len();
    let labels: Vec<String> = (0..n)
        .map(|i| {
            if i + 1 == n {
                "now".to_owned()
            } else {
                format!("−{}w", n - 1 - i)
            }
        })
        .collect();
    let words: Vec<String> = weekly_seconds.iter().map(|s| duration(*s)).collect();
    let summary = format!(
        "Time spent per week over the last 8 weeks, oldest first: {}.",
        words.join(", ")
    );
    #[expect(clippy::cast_precision_loss, reason = "seconds far below 2^52")]
    let values = weekly_seconds.iter().map(|s| *s as f64).collect();
    view! {
        <section aria-labelledby="time-heading">
            <h2 id="time-heading">"Time spent"</h2>
            <figure class="small-chart">
                <Bars values labels summary=summary.clone()/>
                <figcaption>{summary}</figcaption>
            </figure>
        </section>
    }
}

#[component]
fn Weakest(weakest: Vec<WeakQuestion>) -> impl IntoView {
    view! {
        <section aria-labelledby="weakest-heading">
            <h2 id="weakest-heading">"Practise these next"</h2>
            {if weakest.is_empty() {
                view! { <p class="muted">"Grade an answer and the questions you are most likely to forget appear here."</p> }.into_any()
            } else {
                view! {
                    <ol class="weakest">
                        {weakest
                            .into_iter()
                            .map(|q| {
                                let last = q.last_rating.map(|r| format!(" · last graded {}", r.label())).unwrap_or_default();
                                view! {
                                    <li>
                                        <a href=q.slug.href()>{q.title.clone()}</a>
                                        <span class="muted">{format!(" {} % chance of recall a week from now{last}", q.recall)}</span>
                                        " "
                                        <a class="button secondary small" href=q.slug.href() aria-label=format!("Practise {}", q.title)>"Practise"</a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn Forecast(today: Date, forecast: Vec<u32>) -> impl IntoView {
    let labels: Vec<String> = (0..FORECAST_DAYS)
        .map(|i| match i {
            0 => "today".to_owned(),
            i => (today + i64::try_from(i).unwrap_or(0))
                .day_of_month()
                .to_string(),
        })
        .collect();
    let total: u32 = forecast.iter().sum();
    let summary = format!(
        "{} due in the next 14 days: {}.",
        counted(i64::from(total), "review", "reviews"),
        forecast
            .iter()
            .enumerate()
            .map(|(i, n)| format!(
                "{} {n}",
                if i == 0 {
                    "today".to_owned()
                } else {
                    day_label(today + i64::try_from(i).unwrap_or(0))
                }
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let values = forecast.iter().map(|n| f64::from(*n)).collect();
    view! {
        <section aria-labelledby="forecast-heading">
            <h2 id="forecast-heading">"Reviews coming up"</h2>
            <figure>
                <Bars values labels=labels summary=summary.clone() class="bars forecast"/>
                <figcaption>{format!("{} due in the next 14 days (overdue ones count today).", counted(i64::from(total), "review", "reviews"))}</figcaption>
            </figure>
            <details>
                <summary>"Reviews by day"</summary>
                <table>
                    <thead><tr><th scope="col">"Day"</th><th scope="col">"Reviews due"</th></tr></thead>
                    <tbody>
                        {forecast
                            .iter()
                            .enumerate()
                            .map(|(i, n)| {
                                let day = day_label(today + i64::try_from(i).unwrap_or(0));
                                view! { <tr><th scope="row">{day}</th><td>{*n}</td></tr> }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </details>
        </section>
    }
}
