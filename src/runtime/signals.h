// How the services stop: SIGINT and SIGTERM are blocked in every thread and
// the main thread waits for one of them, so shutdown runs in ordinary code
// (no async-signal-safety constraints).
#pragma once

#include <csignal>

namespace pdex::runtime {

// Construct first in main, before any thread starts (threads inherit the
// mask). Thread safety: Wait from one thread.
class TerminationSignals {
 public:
  TerminationSignals();
  // Blocks until SIGINT or SIGTERM arrives; returns its number.
  int Wait();

 private:
  sigset_t signals_;
};

}  // namespace pdex::runtime
