#include "loadgen/connection.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <stdexcept>
#include <utility>
#include <vector>

namespace pdex::loadgen {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

struct ResolvedHost {
  std::vector<tcp::endpoint> endpoints;
};

std::shared_ptr<const ResolvedHost> Resolve(const HttpUrl& url) {
  asio::io_context ioc;
  tcp::resolver resolver(ioc);
  beast::error_code ec;
  const auto results = resolver.resolve(url.host, std::to_string(url.port), ec);
  if (ec || results.empty()) {
    throw std::runtime_error("cannot resolve host '" + url.host + "': " + (ec ? ec.message() : "no address"));
  }
  auto host = std::make_shared<ResolvedHost>();
  for (const auto& entry : results) host->endpoints.push_back(entry.endpoint());
  return host;
}

namespace {

// Errors of a kept-alive connection the server closed while it was idle.
bool IsStaleConnection(const beast::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe;
}

}  // namespace

// Operations are asynchronous, each run to completion on the connection's
// own io_context: Beast applies timeouts to asynchronous operations only.
struct Connection::Impl {
  Impl(std::shared_ptr<const ResolvedHost> h, std::string header)
      : host(std::move(h)), host_header(std::move(header)) {}

  // Starts one operation with a handler that records its error, runs it to
  // completion and returns that error.
  template <class Start>
  beast::error_code Run(Start&& start) {
    beast::error_code result;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  void Close() {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
    buffer.consume(buffer.size());
  }

  std::shared_ptr<const ResolvedHost> host;
  std::string host_header;
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
};

Connection::Connection(std::shared_ptr<const ResolvedHost> host, std::string host_header)
    : impl_(std::make_unique<Impl>(std::move(host), std::move(host_header))) {}

Connection::~Connection() { impl_->Close(); }

PostResult Connection::Post(const std::string& target, std::string body, std::string_view api_key,
                            std::chrono::milliseconds timeout) {
  Impl& c = *impl_;
  bhttp::request<bhttp::string_body> request{bhttp::verb::post, target, 11};
  request.set(bhttp::field::host, c.host_header);
  request.set(bhttp::field::user_agent, "pdex-loadgen");
  request.set(bhttp::field::content_type, "application/json");
  if (!api_key.empty()) request.set("X-API-Key", api_key);
  request.body() = std::move(body);
  request.prepare_payload();

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (int attempt = 0;; ++attempt) {
    const bool reused = c.stream.socket().is_open();
    beast::error_code ec;
    c.stream.expires_at(deadline);
    if (!reused) ec = c.Run([&](auto handler) { c.stream.async_connect(c.host->endpoints, std::move(handler)); });
    if (!ec) ec = c.Run([&](auto handler) { bhttp::async_write(c.stream, request, std::move(handler)); });
    bhttp::response<bhttp::string_body> response;
    if (!ec) ec = c.Run([&](auto handler) { bhttp::async_read(c.stream, c.buffer, response, std::move(handler)); });
    if (!ec) {
      if (!response.keep_alive()) c.Close();
      return {static_cast<int>(response.result_int()), {}};
    }
    c.Close();
    if (reused && attempt == 0 && IsStaleConnection(ec)) continue;
    return {0, ec.message()};
  }
}

}  // namespace pdex::loadgen
