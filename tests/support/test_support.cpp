#include "test_support.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace pdex::testing {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

std::string RunCommand(const std::string& cmd) {
  std::string out;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 256> buf{};
  while (fgets(buf.data(), static_cast<int>(buf.size()), pipe) != nullptr) out += buf.data();
  const int rc = pclose(pipe);
  if (rc != 0) return "";
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace

std::filesystem::path SourceDir() { return PDEX_SOURCE_DIR; }

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "pdex-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::uint16_t FreePort() {
  asio::io_context ioc;
  tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

PostgresServer::PostgresServer() : port_(FreePort()) {
  // As root the server runs as `nobody`, which must be able to reach its
  // data directory inside this (mkdtemp, 0700) directory.
  namespace fs = std::filesystem;
  fs::permissions(dir_.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                   fs::perms::others_read | fs::perms::others_exec);
}

PostgresServer::~PostgresServer() {
  RunCommand((SourceDir() / "scripts/test-postgres").string() + " destroy '" + (dir_.path() / "pg").string() + "'");
}

void PostgresServer::Start() {
  url_ = RunCommand((SourceDir() / "scripts/test-postgres").string() + " start '" +
                    (dir_.path() / "pg").string() + "' " + std::to_string(port_));
  ASSERT_FALSE(url_.empty()) << "could not start PostgreSQL (scripts/test-postgres); is it installed?";
}

void PostgresServer::Stop() {
  RunCommand((SourceDir() / "scripts/test-postgres").string() + " stop '" + (dir_.path() / "pg").string() + "'");
}

bool ResetPostgresDatabase(const std::string& url) {
  const std::string cmd =
      "psql -q '" + url + "' -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

PostgresServer& SharedPostgres() {
  static PostgresServer* server = [] {
    auto* s = new PostgresServer();  // destroyed by the atexit hook below
    s->Start();
    std::atexit([] { delete server; });
    return s;
  }();
  return *server;
}

struct HttpConnection::Impl {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
};

HttpConnection::HttpConnection(std::uint16_t port) : impl_(std::make_unique<Impl>()) {
  impl_->stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
}

HttpConnection::~HttpConnection() {
  beast::error_code ec;
  impl_->stream.socket().shutdown(tcp::socket::shutdown_both, ec);
}

HttpReply HttpConnection::ReadReply(bool head) {
  HttpReply reply;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.skip(head);
  parser.body_limit(64 * 1024 * 1024);
  beast::error_code ec;
  impl_->stream.expires_after(std::chrono::seconds(10));
  bhttp::read(impl_->stream, impl_->buffer, parser, ec);
  if (ec) return reply;
  const auto& res = parser.get();
  reply.status = static_cast<int>(res.result_int());
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[name] = std::string(f.value());
  }
  reply.body = res.body();
  return reply;
}

HttpReply HttpConnection::Get(const std::string& target, const std::map<std::string, std::string>& headers) {
  return Send("GET", target, "", headers);
}

HttpReply HttpConnection::Send(const std::string& method, const std::string& target, const std::string& body,
                               const std::map<std::string, std::string>& headers) {
  std::string raw = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [k, v] : headers) raw += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST") raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  raw += "\r\n" + body;
  return Raw(raw);
}

HttpReply HttpConnection::Head(const std::string& target) {
  WriteRaw("HEAD " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  return ReadReply(true);
}

void HttpConnection::WriteRaw(const std::string& bytes) {
  beast::error_code ec;
  asio::write(impl_->stream.socket(), asio::buffer(bytes), ec);
}

HttpReply HttpConnection::Raw(const std::string& bytes) {
  WriteRaw(bytes);
  return ReadReply();
}

bool HttpConnection::ClosedWithin(int timeout_ms) {
  impl_->stream.expires_after(std::chrono::milliseconds(timeout_ms));
  std::array<char, 4096> buf{};
  for (;;) {
    beast::error_code ec;
    impl_->stream.read_some(asio::buffer(buf), ec);
    if (ec == beast::error::timeout) return false;
    if (ec) return true;  // eof or reset: closed by the server
  }
}

}  // namespace pdex::testing
