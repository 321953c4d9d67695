#pragma once
// A pool of SqlConnections with reconnect back-off.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sql_connection.h"

namespace pdex::store {

// Hands out connections, opening new ones on demand and dropping those that
// failed. Once a connect fails, the pool is "failing": Acquire then throws
// StoreUnavailable at once, except for a single probe connect per back-off
// window, so callers get fast errors (never a pile of threads blocked in
// connect) and the pool recovers by itself once a probe succeeds.
//
// Thread safety: all methods are thread-safe.
class ConnectionPool {
 public:
  using Factory = std::function<std::unique_ptr<SqlConnection>()>;  // throws on failure
  using Clock = std::chrono::steady_clock;

  ConnectionPool(Factory factory, std::size_t max_idle, Clock::duration backoff);

  // A connection on loan; returned to the pool when destroyed, unless
  // Discard() was called (after the connection failed).
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<SqlConnection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    SqlConnection& operator*() const { return *conn_; }
    SqlConnection* operator->() const { return conn_.get(); }
    void Discard() { conn_.reset(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<SqlConnection> conn_;
  };

  // Throws StoreUnavailable when no connection can be had now.
  Lease Acquire();
  // Drops every idle connection (after one of them was found dead, the
  // others probably are too).
  void DiscardIdle();

 private:
  void Release(std::unique_ptr<SqlConnection> conn);

  Factory factory_;
  std::size_t max_idle_;
  Clock::duration backoff_;
  std::mutex mu_;
  std::vector<std::unique_ptr<SqlConnection>> idle_;
  bool failing_ = false;         // the last connect failed
  bool probe_in_flight_ = false;  // a connect is being tried while failing
  Clock::time_point retry_after_{};
};

}  // namespace pdex::store
