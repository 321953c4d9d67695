#include "store/connection_pool.h"

#include "store/store.h"

namespace pdex::store {

ConnectionPool::ConnectionPool(Factory factory, std::size_t max_idle, Clock::duration backoff)
    : factory_(std::move(factory)), max_idle_(max_idle), backoff_(backoff) {}

ConnectionPool::Lease::~Lease() {
  if (conn_) pool_->Release(std::move(conn_));
}

ConnectionPool::Lease ConnectionPool::Acquire() {
  bool probing = false;
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    if (failing_) {
      if (probe_in_flight_ || Clock::now() < retry_after_) {
        throw StoreUnavailable("database unavailable (retrying shortly)");
      }
      probe_in_flight_ = probing = true;
    }
  }
  try {
    auto conn = factory_();
    std::lock_guard lock(mu_);
    failing_ = false;
    if (probing) probe_in_flight_ = false;
    return Lease(this, std::move(conn));
  } catch (...) {
    std::lock_guard lock(mu_);
    failing_ = true;
    if (probing) probe_in_flight_ = false;
    retry_after_ = Clock::now() + backoff_;
    throw;
  }
}

void ConnectionPool::DiscardIdle() {
  std::vector<std::unique_ptr<SqlConnection>> dropped;
  std::lock_guard lock(mu_);
  dropped.swap(idle_);
}

void ConnectionPool::Release(std::unique_ptr<SqlConnection> conn) {
  std::lock_guard lock(mu_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(conn));
}

}  // namespace pdex::store
