use server::{settings::Settings, startup::Application, telemetry};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    telemetry::init();
    let started = async {
        Application::build(Settings::from_env()?)
            .await?
            .run_until_stopped()
            .await
    };
    match started.await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => telemetry::report_fatal(&err),
    }
}
