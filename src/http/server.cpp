#include "http/server.h"
#include "text/ascii.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <future>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

namespace pdex::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

// One client connection: read a request, answer it, repeat while keep-alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const ServerOptions& options, RequestHandler& handler)
      : stream_(std::move(socket)), options_(options), handler_(handler) {}

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(options_.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(options_.header_limit));
    stream_.expires_after(options_.request_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
        ec == asio::error::eof) {
      return Close();
    }
    if (ec == bhttp::error::body_limit) {
      return Send(Reject(413, "request body is larger than " +
                                  std::to_string(options_.body_limit) + " bytes"),
                  false);
    }
    if (ec == bhttp::error::header_limit) return Send(Reject(431, "request headers are too large"), false);
    if (ec) {
      // Bytes arrived but are not HTTP: answer once, then hang up.
      if (buffer_.size() > 0 || parser_->got_some()) return Send(Reject(400, "malformed HTTP request"), false);
      return Close();
    }

    const auto& msg = parser_->get();
    Request request;
    request.method = std::string(msg.method_string());
    request.target = std::string(msg.target());
    request.headers.reserve(8);
    for (const auto& field : msg) {
      request.headers.emplace_back(text::AsciiLower(field.name_string()), std::string(field.value()));
    }
    request.body = std::move(parser_->get().body());
    const bool keep_alive = msg.keep_alive();
    const unsigned version = msg.version();
    head_request_ = msg.method() == bhttp::verb::head;

    Response response;
    try {
      response = handler_.Handle(request);
    } catch (...) {
      response = ErrorResponse(500, "internal error");
    }
    Send(std::move(response), keep_alive, version);
  }

  Response Reject(int status, const std::string& detail) {
    try {
      return handler_.Rejected(status, detail);
    } catch (...) {
      return ErrorResponse(status, detail);
    }
  }

  void Send(Response response, bool keep_alive, unsigned version = 11) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(response.status), version);
    res->set(bhttp::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) res->set(name, value);
    res->keep_alive(keep_alive);
    if (head_request_) {
      res->content_length(response.body.size());  // the length a GET would have, no body
    } else {
      res->body() = std::move(response.body);
      res->prepare_payload();
    }
    stream_.expires_after(options_.request_timeout);
    bhttp::async_write(stream_, *res,
                       [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                         self->OnWrite(ec, res->keep_alive());
                       });
  }

  void OnWrite(beast::error_code ec, bool keep_alive) {
    if (ec) return Close();
    if (!keep_alive) return Close();
    Read();
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bool head_request_ = false;
  const ServerOptions& options_;
  RequestHandler& handler_;
};

}  // namespace

// One io_context per I/O thread: a connection lives on one thread, so
// handlers never contend on a shared scheduler or wake each other.
struct Server::Impl {
  Impl(ServerOptions o, RequestHandler& h) : options(std::move(o)), handler(h) {
    const int n = std::max(1, options.threads);
    for (int i = 0; i < n; ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
    acceptor.emplace(*contexts.front());
    accept_retry.emplace(*contexts.front());
  }

  void Accept() {
    asio::io_context& next = *contexts[next_context++ % contexts.size()];
    acceptor->async_accept(next, [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor->is_open()) return;
      if (ec) {
        // Out of file descriptors or similar: pause instead of spinning.
        accept_retry->expires_after(std::chrono::milliseconds(100));
        accept_retry->async_wait([this](beast::error_code wait_ec) {
          if (!wait_ec && acceptor->is_open()) Accept();
        });
        return;
      }
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(socket), options, handler)->Start();
      Accept();
    });
  }

  ServerOptions options;
  RequestHandler& handler;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::steady_timer> accept_retry;
  std::size_t next_context = 0;  // used on the acceptor's thread only
  std::vector<std::thread> threads;
  std::atomic<bool> running{false};
};

Server::Server(ServerOptions options, RequestHandler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}

Server::~Server() { Stop(); }

void Server::Start() {
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.address, ec);
  if (ec) throw std::runtime_error("invalid listen address '" + impl_->options.address + "'");
  const tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = *impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + impl_->options.address + ":" +
                             std::to_string(impl_->options.port) + ": " + ec.message());
  }
  impl_->Accept();
  impl_->running = true;
  for (auto& ioc : impl_->contexts) {
    impl_->work.push_back(asio::make_work_guard(*ioc));
    impl_->threads.emplace_back([&ioc = *ioc] { ioc.run(); });
  }
}

void Server::Stop() {
  if (!impl_->running.exchange(false)) return;
  // Close the listener on its own thread and wait for that, so no new
  // connection is accepted once Stop returns.
  std::promise<void> closed;
  asio::post(*impl_->contexts.front(), [this, &closed] {
    beast::error_code ignored;
    impl_->acceptor->close(ignored);
    impl_->accept_retry->cancel();
    closed.set_value();
  });
  closed.get_future().wait_for(std::chrono::seconds(5));
  impl_->work.clear();
  for (auto& ioc : impl_->contexts) ioc->stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

std::uint16_t Server::port() const { return impl_->acceptor->local_endpoint().port(); }

}  // namespace pdex::http
