"""Background jobs: work too long for a web request, with its state in the database.

How to use it (exports, template checks, reminder emails, …)::

    from webapp import jobs

    def send_reminders(campaign: str, day: str) -> dict:   # a module-level function
        ...
        jobs.report_progress(done, total)                   # optional, as it goes
        return {"sent": n}                                  # optional, JSON-able: kept as result

    job_id = jobs.enqueue(send_reminders, "baghdad-returns", "2026-11-29")
    state = jobs.status(job_id)      # JobState: status, done, total, result, error

* `enqueue(func, *args, on_failure=None, first=False)` stores a `background_job` row and returns
  its id. Arguments must be plain JSON values (ids, strings, numbers): the function reads what it
  needs from the database when it runs, on whichever machine that is. Pass ids, never personal
  data: arguments are stored in the row and in Redis. `on_failure` is another module-level
  function, called with the same arguments once the job has finally failed (to tidy up its own
  rows). `first` puts the job at the front of the RQ queue.
* The row is the source of truth: `status(job_id)` reads it (and first asks the runner whether
  the job's worker has died, so a dead job is never shown as running). Raise `JobError("…")`
  for a message staff may see; any other exception is logged by type only (messages can quote
  personal data) and shown as a generic failure.
* Other tables that belong to a job (a letter download) keep its id as a foreign key and read
  their state from `status()`, never a copy of it.

The package:

* `service` — the public interface, re-exported here: `enqueue`, `status`, `wait`,
  `report_progress`, `current_job_id`, `queue_problem`, `purge_finished`, `JobError`,
  `JobState`; for runners `assign`, `run`, `mark_done`, `mark_failed`, `requeue`,
  `app_context`, and the `Runner` protocol; `init_app` installs a runner.
* `models` — the `background_job` table and `JobStatus`.
* `inprocess` — the runner without Redis: threads of the web process (`make run` needs
  nothing else); also used while Redis is unreachable.
* `rq_runner` — the runner with REDIS_URL: an RQ queue served by `flask worker` (`make worker`,
  the Procfile's `worker:` line); a worker that dies mid-job is noticed by RQ (its heartbeat
  stops) and the job is retried (JOB_RETRIES) or marked failed within a minute. Only this module
  imports RQ and Redis, and only an app with REDIS_URL imports it.
* `cli` — `flask worker`.

`create_app` chooses the runner. Importing this package loads no runner and registers nothing.
"""

from webapp.jobs.service import (
    FAILED,
    STOPPED,
    JobError,
    JobState,
    Runner,
    app_context,
    assign,
    current_job_id,
    enqueue,
    init_app,
    mark_done,
    mark_failed,
    purge_finished,
    queue_problem,
    report_progress,
    requeue,
    run,
    status,
    wait,
)

__all__ = [
    "FAILED",
    "STOPPED",
    "JobError",
    "JobState",
    "Runner",
    "app_context",
    "assign",
    "current_job_id",
    "enqueue",
    "init_app",
    "mark_done",
    "mark_failed",
    "purge_finished",
    "queue_problem",
    "report_progress",
    "requeue",
    "run",
    "status",
    "wait",
]
