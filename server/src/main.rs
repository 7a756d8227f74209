use server::{copy_database, settings::Settings, startup::Application, telemetry};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    telemetry::init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        None => serve().await,
        Some((command, rest)) if command == "copy-database" => {
            let parsed = match copy_database::parse(rest) {
                Ok(parsed) => parsed,
                Err(usage) => {
                    eprintln!("{usage}");
                    return std::process::ExitCode::from(2);
                }
            };
            match copy_database::run(&parsed).await {
                Ok(_) => std::process::ExitCode::SUCCESS,
                Err(err) => telemetry::report_fatal(&err),
            }
        }
        Some(_) => {
            eprintln!(
                "usage: rehearse (serves the app; settings come from the environment)\n       {}",
                copy_database::USAGE.trim_start_matches("usage: ")
            );
            std::process::ExitCode::from(2)
        }
    }
}

async fn serve() -> std::process::ExitCode {
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
