#include "api/response_cache.h"

#include <algorithm>
#include <functional>
#include <mutex>

namespace pdex::api {

ResponseCache::ResponseCache(std::size_t max_entries, std::size_t max_body_bytes,
                             std::size_t max_total_bytes)
    : shard_count_(std::clamp<std::size_t>(max_entries, 1, kShards)),
      max_entries_per_shard_(std::max<std::size_t>(1, max_entries / shard_count_)),
      max_body_bytes_(max_body_bytes),
      max_bytes_per_shard_(max_total_bytes / shard_count_) {}

ResponseCache::Shard& ResponseCache::ShardFor(std::string_view key) const {
  return shards_[std::hash<std::string_view>{}(key) % shard_count_];
}

std::optional<http::Response> ResponseCache::Get(std::string_view key, std::string_view version) const {
  const Shard& shard = ShardFor(key);
  std::shared_lock lock(shard.mu);
  const auto it = shard.entries.find(key);
  if (it == shard.entries.end() || it->second.version != version) return std::nullopt;
  return it->second.response;
}

void ResponseCache::Put(std::string_view key, std::string_view version, const http::Response& response) {
  const std::size_t cost = key.size() + response.body.size();
  if (response.body.size() > max_body_bytes_ || key.size() > kMaxKeyBytes || cost > max_bytes_per_shard_) return;
  Shard& shard = ShardFor(key);
  std::unique_lock lock(shard.mu);
  if (const auto it = shard.entries.find(key); it != shard.entries.end()) {
    shard.bytes -= key.size() + it->second.response.body.size();
    shard.entries.erase(it);
  }
  if (shard.entries.size() >= max_entries_per_shard_ || shard.bytes + cost > max_bytes_per_shard_) {
    shard.entries.clear();
    shard.bytes = 0;
  }
  shard.entries.emplace(std::string(key), Entry{std::string(version), response});
  shard.bytes += cost;
}

std::size_t ResponseCache::bytes() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < shard_count_; ++i) {
    std::shared_lock lock(shards_[i].mu);
    n += shards_[i].bytes;
  }
  return n;
}

std::size_t ResponseCache::size() const {
  std::size_t n = 0;
  for (const Shard& s : shards_) {
    std::shared_lock lock(s.mu);
    n += s.entries.size();
  }
  return n;
}

}  // namespace pdex::api
