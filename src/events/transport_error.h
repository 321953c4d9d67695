#pragma once
// The one exception event transports throw.
#include <stdexcept>

namespace pdex::events {

// A transport could not deliver or fetch events now (Redis unreachable or
// refusing a command, an in-process channel closed or stalled). The message
// says which transport and why; callers back off and try again.
class TransportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace pdex::events
