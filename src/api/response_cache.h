#pragma once
// Responses of data routes, reused while the loaded data set is unchanged.
#include <array>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/message.h"

namespace pdex::api {

// Maps a request key to the response computed for one data version (the
// store's data fingerprint). A lookup with another version misses, so a
// reload of the data invalidates everything at once. Bounded in entries and
// in bytes (keys plus bodies), whatever clients send: a shard that would
// exceed its share is emptied before it takes a new entry; long keys and
// large bodies are not kept.
//
// Thread safety: thread-safe.
class ResponseCache {
 public:
  explicit ResponseCache(std::size_t max_entries = 8192, std::size_t max_body_bytes = 1 << 20,
                         std::size_t max_total_bytes = 64 << 20);

  std::optional<http::Response> Get(std::string_view key, std::string_view version) const;
  void Put(std::string_view key, std::string_view version, const http::Response& response);
  std::size_t size() const;
  // Bytes held (keys and bodies).
  std::size_t bytes() const;

 private:
  static constexpr std::size_t kShards = 16;
  struct Entry {
    std::string version;
    http::Response response;
  };
  // Transparent, so lookups take a string_view without copying it.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };
  struct Shard {
    mutable std::shared_mutex mu;
    std::unordered_map<std::string, Entry, KeyHash, std::equal_to<>> entries;
    std::size_t bytes = 0;
  };
  static constexpr std::size_t kMaxKeyBytes = 1024;
  Shard& ShardFor(std::string_view key) const;

  std::size_t shard_count_;  // <= kShards, so small capacities stay exact
  std::size_t max_entries_per_shard_;
  std::size_t max_body_bytes_;
  std::size_t max_bytes_per_shard_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace pdex::api
