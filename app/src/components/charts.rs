//! Charts as server-rendered SVG: no chart library and no script. Colours come from CSS
//! classes, so the page's light and dark themes apply; each SVG scales to its container
//! (legible at 360 px) and carries `role="img"` with a summary in `aria-label`, and the
//! pages give the same numbers as text or a table beside it.

use crate::domain::calendar::Date;
use crate::domain::progress::{HEATMAP_DAYS, heat_level};
use crate::domain::words::counted;
use leptos::prelude::*;

/// A year of days, one cell each, shaded by attempts, weeks as columns (Monday on top).
#[component]
pub fn Heatmap(today: Date, days: Vec<(Date, i64)>, summary: String) -> impl IntoView {
    const CELL: i64 = 10;
    const STEP: i64 = 12;
    let first = today - (HEATMAP_DAYS - 1);
    let start = first - first.weekday_from_monday();
    let columns = (today - start) / 7 + 1;
    let busiest = days.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let counts: std::collections::HashMap<Date, i64> = days.into_iter().collect();
    let cells = (0..HEATMAP_DAYS)
        .map(|offset| {
            let day = first + offset;
            let n = counts.get(&day).copied().unwrap_or(0);
            let x = (day - start) / 7 * STEP;
            let y = day.weekday_from_monday() * STEP;
            let level = heat_level(n, busiest);
            let title = format!("{}: {}", day.long(), counted(n, "attempt", "attempts"));
            view! {
                <rect x=x y=y width=CELL height=CELL rx="2" class=format!("heat heat-{level}")>
                    <title>{title}</title>
                </rect>
            }
        })
        .collect_view();
    view! {
        <svg
            class="chart heatmap"
            viewBox=format!("0 0 {} {}", columns * STEP, 7 * STEP)
            role="img"
            aria-label=summary
            preserveAspectRatio="xMinYMin meet"
        >
            {cells}
        </svg>
    }
}

/// Vertical bars with a label under each; `values` are drawn to scale of the largest.
#[component]
pub fn Bars(
    values: Vec<f64>,
    labels: Vec<String>,
    summary: String,
    #[prop(default = "bars")] class: &'static str,
    /// Width of one bar in SVG units; labels are 8 units high.
    #[prop(default = 24.0)]
    bar_width: f64,
) -> impl IntoView {
    let width_of_bar = bar_width;
    const HEIGHT: f64 = 80.0;
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    let count = values.len();
    let bars = values
        .into_iter()
        .zip(labels)
        .enumerate()
        .map(|(i, (value, label))| {
            #[expect(clippy::cast_precision_loss, reason = "a handful of bars")]
            let x = i as f64 * width_of_bar;
            let h = if max > 0.0 { value / max * HEIGHT } else { 0.0 };
            // A sliver for zero, so the axis reads as a row of days, not a gap.
            let h = h.max(1.0);
            view! {
                <rect x=x + 3.0 y=HEIGHT - h width=width_of_bar - 6.0 height=h class="bar"/>
                <text x=x + width_of_bar / 2.0 y=HEIGHT + 12.0 text-anchor="middle" class="axis">
                    {label}
                </text>
            }
        })
        .collect_view();
    #[expect(clippy::cast_precision_loss, reason = "a handful of bars")]
    let width = count as f64 * width_of_bar;
    view! {
        <svg
            class=format!("chart {class}")
            viewBox=format!("0 0 {width} {}", HEIGHT + 16.0)
            role="img"
            aria-label=summary
        >
            {bars}
        </svg>
    }
}

/// A line of weekly values on a 1–4 scale (the grades), gaps where a week has none.
#[component]
pub fn Sparkline(points: Vec<Option<f64>>, summary: String) -> impl IntoView {
    const STEP: f64 = 20.0;
    const HEIGHT: f64 = 40.0;
    let y = |v: f64| HEIGHT - 4.0 - (v - 1.0) / 3.0 * (HEIGHT - 8.0);
    let count = points.len();
    let mut segments: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut dots = Vec::new();
    for (i, point) in points.iter().enumerate() {
        #[expect(clippy::cast_precision_loss, reason = "eight weeks")]
        let x = i as f64 * STEP + 4.0;
        match point {
            Some(v) => {
                current.push_str(&format!("{x:.1},{:.1} ", y(*v)));
                dots.push((x, y(*v)));
            }
            None if !current.is_empty() => segments.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        segments.push(current);
    }
    #[expect(clippy::cast_precision_loss, reason = "eight weeks")]
    let width = (count.max(1) - 1) as f64 * STEP + 8.0;
    view! {
        <svg
            class="chart sparkline"
            viewBox=format!("0 0 {width} {HEIGHT}")
            role="img"
            aria-label=summary
        >
            <line x1="0" x2=width y1=y(3.0) y2=y(3.0) class="guide"/>
            {segments
                .into_iter()
                .map(|points| view! { <polyline points=points class="line"/> })
                .collect_view()}
            {dots
                .into_iter()
                .map(|(cx, cy)| view! { <circle cx=cx cy=cy r="2.5" class="dot"/> })
                .collect_view()}
        </svg>
    }
}
