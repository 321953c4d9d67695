#pragma once
// Shared helpers for integration tests: temporary directories, a real
// PostgreSQL server, and a blocking HTTP client over a real socket.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace pdex::testing {

// A fresh directory removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A throwaway PostgreSQL cluster on 127.0.0.1 (scripts/test-postgres).
// Start() fails the calling test when the server cannot start.
class PostgresServer {
 public:
  PostgresServer();
  ~PostgresServer();
  void Start();
  void Stop();
  const std::string& url() const { return url_; }

 private:
  TempDir dir_;
  std::uint16_t port_;
  std::string url_;
};

// Empties the database at `url` (drops and recreates schema public); true on
// success.
bool ResetPostgresDatabase(const std::string& url);

// One process-wide server for a test binary, started on first use.
PostgresServer& SharedPostgres();

// A free TCP port on 127.0.0.1 (bound then released).
std::uint16_t FreePort();

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

// A keep-alive connection to 127.0.0.1:port.
class HttpConnection {
 public:
  explicit HttpConnection(std::uint16_t port);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  HttpReply Get(const std::string& target, const std::map<std::string, std::string>& headers = {});
  // A HEAD request; the reply is read without a body.
  HttpReply Head(const std::string& target);
  HttpReply Send(const std::string& method, const std::string& target, const std::string& body,
                 const std::map<std::string, std::string>& headers = {});
  // Writes raw bytes, then reads one response (status 0 if the server closed).
  HttpReply Raw(const std::string& bytes);
  void WriteRaw(const std::string& bytes);
  // True when the server closed the connection within `timeout_ms`.
  bool ClosedWithin(int timeout_ms);

 private:
  HttpReply ReadReply(bool head = false);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Root of the source tree (for scripts/ and data/).
std::filesystem::path SourceDir();

}  // namespace pdex::testing
