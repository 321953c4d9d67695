#include "api/response_cache.h"

#include <algorithm>
#include <functional>
#include <mutex>

namespace pdex::api {

ResponseCache::ResponseCache(std::size_t max_entries, std::size_t max_body_bytes)
    : shard_count_(std::clamp<std::size_t>(max_entries, 1, kShards)),
      max_entries_per_shard_(std::max<std::size_t>(1, max_entries / shard_count_)),
      max_body_bytes_(max_body_bytes) {}

ResponseCache::Shard& ResponseCache::ShardFor(std::string_view key) const {
  return shards_[std::hash<std::string_view>{}(key) % shard_count_];
}

std::optional<http::Response> ResponseCache::Get(std::string_view key, std::string_view version) const {
  const Shard& shard = ShardFor(key);
  std::shared_lock lock(shard.mu);
  const auto it = shard.entries.find(std::string(key));
  if (it == shard.entries.end() || it->second.version != version) return std::nullopt;
  return it->second.response;
}

void ResponseCache::Put(std::string_view key, std::string_view version, const http::Response& response) {
  if (response.body.size() > max_body_bytes_) return;
  Shard& shard = ShardFor(key);
  std::unique_lock lock(shard.mu);
  auto it = shard.entries.find(std::string(key));
  if (it == shard.entries.end() && shard.entries.size() >= max_entries_per_shard_) shard.entries.clear();
  shard.entries.insert_or_assign(std::string(key), Entry{std::string(version), response});
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
