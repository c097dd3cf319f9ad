// The run's account in the log (base/log.hpp): each journal record as one line, with the run and the
// router it concerns — a wave starting, each step's start / done / failure, a reload sent, a router's
// result, an interruption, staging actions. Installed as a journal observer (Journal::observe), so the
// log, the status display and the journal never tell different stories.
//
// Thread-safety: log_record() may be called from any thread.
#pragma once

#include "migrate/journal_format.hpp"

namespace licmig::migrate {

// Writes `record` to the log at info level (a failed step and a failed router at warn).
void log_record(const JournalRecord &record);

}  // namespace licmig::migrate
