//! A concept's page: its questions with my status on each (new, learning, due, mastered),
//! level, last grade and next due date.

use crate::api::progress::load_concept_report;
use crate::components::notice::{ErrorNotice, Loading};
use crate::domain::ReturnPath;
use crate::domain::calendar::relative;
use crate::domain::progress::{ConceptReport, MASTERED_STABILITY_DAYS, Status};
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ConceptPage() -> impl IntoView {
    let params = use_params_map();
    let report = Resource::new(
        move || params.read().get("concept").unwrap_or_default(),
        load_concept_report,
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(Some(report)) => view! { <ReportView report/> }.into_any(),
                    Ok(None) => {
                        let here = ReturnPath::parse(&format!(
                            "/progress/{}",
                            params.read_untracked().get("concept").unwrap_or_default()
                        ));
                        view! {
                            <section class="progress">
                                <Title text="Progress"/>
                                <h1>"Progress by concept"</h1>
                                <p>
                                    <A href=ReturnPath::link("/sign-in", here.as_ref())>"Sign in"</A>
                                    " to see where you stand on each question."
                                </p>
                            </section>
                        }
                        .into_any()
                    }
                    Err(crate::error::AppError::NotFound(_)) => view! { <NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReportView(report: ConceptReport) -> impl IntoView {
    let ConceptReport {
        concept,
        now,
        questions,
    } = report;
    let count = |status: Status| questions.iter().filter(|q| q.status == status).count();
    let summary = format!(
        "{} questions: {} new, {} learning, {} due, {} mastered.",
        questions.len(),
        count(Status::New),
        count(Status::Learning),
        count(Status::Due),
        count(Status::Mastered)
    );
    view! {
        <Title text=concept.label()/>
        <section class="progress">
            <p class="eyebrow"><a href="/progress">"Your progress"</a></p>
            <h1>{concept.label()}</h1>
            <p class="lede">{summary}</p>
            <div class="table-frame">
                <table class="concept-table">
                    <caption class="visually-hidden">{format!("Questions on {}", concept.label())}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Question"</th>
                            <th scope="col">"Level"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Last grade"</th>
                            <th scope="col">"Next review"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {questions
                            .into_iter()
                            .map(|q| {
                                let next = match (q.due_at, q.due_day) {
                                    (Some(at), Some(day)) => format!(
                                        "{} ({})",
                                        relative(at, now),
                                        day.long()
                                    ),
                                    _ => "—".to_owned(),
                                };
                                view! {
                                    <tr>
                                        <th scope="row"><a href=q.slug.href()>{q.title}</a></th>
                                        <td>{q.level.label()}</td>
                                        <td><span class=format!("status status-{}", q.status.label().to_lowercase())>{q.status.label()}</span></td>
                                        <td>{q.last_rating.map_or("—", |r| r.label())}</td>
                                        <td>{next}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="muted">
                {format!(
                    "Mastered: the scheduler expects you to remember it for {MASTERED_STABILITY_DAYS:.0} days or more. Due: up for review today."
                )}
            </p>
        </section>
    }
}
