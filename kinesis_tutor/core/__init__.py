"""Pure domain: study cards, SM-2, grading and units, queues, the exam engine, study days, settings, errors.

Standard library only: no I/O, no SQL, no Rich, no typer."""
