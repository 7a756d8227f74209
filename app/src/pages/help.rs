//! Help: how the practice loop works, and every keyboard shortcut.

use crate::pages::question::timer_steps;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HelpPage() -> impl IntoView {
    view! {
        <Title text="Help"/>
        <section class="help prose">
            <h1>"Help"</h1>
            <h2 id="loop">"The practice loop"</h2>
            <ol>
                <li>"Open a question from the bank or from your review list."</li>
                <li>
                    "Write your answer (Markdown works), or say it out loud and choose "
                    "“Skip writing and reveal”. Timed mode walks you through the five steps of "
                    "the answer framework: "
                    {timer_steps()}
                    "."
                </li>
                <li>"Submitting reveals the strong answer beside yours, with the key terms you used and missed."</li>
                <li>
                    "Tick each point of “What they’re testing” that your answer made, then rate "
                    "it: Again, Hard, Good or Easy. Your ticks suggest a rating; your choice wins."
                </li>
                <li>
                    "The scheduler (FSRS, as in Anki) brings the question back when you are about "
                    "to forget it. With an interview date set on your account page, questions "
                    "come back more often as the day nears, and all of them before it."
                </li>
            </ol>
            <h2 id="keyboard">"Keyboard shortcuts"</h2>
            <table>
                <caption class="visually-hidden">"Keyboard shortcuts"</caption>
                <thead>
                    <tr><th scope="col">"Keys"</th><th scope="col">"Where"</th><th scope="col">"What it does"</th></tr>
                </thead>
                <tbody>
                    <tr>
                        <td><kbd>"Ctrl"</kbd> "+" <kbd>"Enter"</kbd> " (" <kbd>"⌘"</kbd> "+" <kbd>"Enter"</kbd> " on a Mac)"</td>
                        <td>"In your answer"</td>
                        <td>"Submits the answer and reveals the strong answer"</td>
                    </tr>
                    <tr>
                        <td><kbd>"Space"</kbd></td>
                        <td>"A question page, with nothing focused"</td>
                        <td>"Reveals the strong answer (signed in, while your answer is empty: skips writing and reveals)"</td>
                    </tr>
                    <tr>
                        <td><kbd>"1"</kbd> " " <kbd>"2"</kbd> " " <kbd>"3"</kbd> " " <kbd>"4"</kbd></td>
                        <td>"Grading an attempt, outside a text field"</td>
                        <td>"Chooses Again, Hard, Good or Easy"</td>
                    </tr>
                    <tr>
                        <td><kbd>"/"</kbd></td>
                        <td>"Everywhere, outside a text field"</td>
                        <td>"Moves to the search field in the header"</td>
                    </tr>
                    <tr>
                        <td><kbd>"Tab"</kbd></td>
                        <td>"Everywhere"</td>
                        <td>"Moves between controls; every control works from the keyboard"</td>
                    </tr>
                </tbody>
            </table>
            <p>"Shortcuts never fire while you type in a field."</p>
        </section>
    }
}
