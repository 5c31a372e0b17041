"""The application shell: config, jobs, CLI, scheduler, web app and demo."""
