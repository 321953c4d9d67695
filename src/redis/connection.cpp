#include "redis/connection.h"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <sys/time.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <csignal>
#include <cstring>
#include <ctime>

namespace pdex::redis {
namespace {

// What a broken connection's RedisError says, after where the server is.
constexpr std::string_view kTimedOut = "timed out waiting for the server";
constexpr std::string_view kClosed = "server closed the connection";

timeval ToTimeval(std::chrono::milliseconds d) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(d.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((d.count() % 1000) * 1000);
  return tv;
}

// Blocks SIGPIPE on this thread for its lifetime and discards a SIGPIPE
// raised meanwhile by a write to a closed socket (unless one was already
// pending before, which is then left alone).
class ScopedSigpipeBlock {
 public:
  ScopedSigpipeBlock() {
    sigemptyset(&sigpipe_);
    sigaddset(&sigpipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &sigpipe_, &previous_mask_);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
  }
  ~ScopedSigpipeBlock() {
    if (!was_pending_) {
      sigset_t pending;
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const timespec no_wait{};
        sigtimedwait(&sigpipe_, nullptr, &no_wait);
      }
    }
    pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
  }
  ScopedSigpipeBlock(const ScopedSigpipeBlock&) = delete;
  ScopedSigpipeBlock& operator=(const ScopedSigpipeBlock&) = delete;

 private:
  sigset_t sigpipe_{};
  sigset_t previous_mask_{};
  bool was_pending_ = false;
};

struct ReplyDeleter {
  void operator()(void* reply) const { freeReplyObject(reply); }
};
using OwnedReply = std::unique_ptr<void, ReplyDeleter>;

Reply Convert(const redisReply& r) {
  switch (r.type) {
    case REDIS_REPLY_STRING: return Reply::String(std::string(r.str, r.len));
    case REDIS_REPLY_STATUS: return Reply::Status(std::string(r.str, r.len));
    case REDIS_REPLY_ERROR: return Reply::Error(std::string(r.str, r.len));
    case REDIS_REPLY_INTEGER: return Reply::Integer(r.integer);
    case REDIS_REPLY_NIL: return Reply::Nil();
    case REDIS_REPLY_ARRAY: {
      std::vector<Reply> elements;
      elements.reserve(r.elements);
      for (std::size_t i = 0; i < r.elements; ++i) elements.push_back(Convert(*r.element[i]));
      return Reply::Array(std::move(elements));
    }
    default: throw RedisError("unknown reply type " + std::to_string(r.type));
  }
}

// hiredis's argv form: pointers and lengths, valid while `args` lives.
struct ArgvBuffers {
  explicit ArgvBuffers(std::span<const std::string_view> args) {
    pointers.reserve(args.size());
    lengths.reserve(args.size());
    for (const std::string_view a : args) {
      pointers.push_back(a.data());
      lengths.push_back(a.size());
    }
  }
  int count() const { return static_cast<int>(pointers.size()); }
  std::vector<const char*> pointers;
  std::vector<std::size_t> lengths;
};

}  // namespace

void CommandBuffer::AppendLength(char prefix, std::size_t n) {
  char text[24];
  text[0] = prefix;
  char* end = std::to_chars(text + 1, text + sizeof text - 2, n).ptr;
  *end++ = '\r';
  *end++ = '\n';
  bytes_.append(text, end);
}

void CommandBuffer::Begin(std::size_t argc) {
  if (!complete()) throw std::logic_error("CommandBuffer: a command started before the previous one is complete");
  if (argc == 0) throw std::logic_error("CommandBuffer: a command needs at least one argument");
  AppendLength('*', argc);
  missing_arguments_ = argc;
  ++commands_;
}

void CommandBuffer::StartArgument(std::size_t size) {
  if (missing_arguments_ == 0) throw std::logic_error("CommandBuffer: more arguments than Begin announced");
  --missing_arguments_;
  AppendLength('$', size);
}

void CommandBuffer::Argument(std::string_view arg) {
  StartArgument(arg.size());
  bytes_.append(arg);
  bytes_.append("\r\n", 2);
}

void CommandBuffer::ArgumentByReference(std::string_view arg) {
  StartArgument(arg.size());
  referenced_.emplace_back(bytes_.size(), arg);
  bytes_.append("\r\n", 2);
}

std::vector<std::string_view> CommandBuffer::Pieces() const {
  std::vector<std::string_view> pieces;
  pieces.reserve(2 * referenced_.size() + 1);
  const std::string_view own(bytes_);
  std::size_t from = 0;
  for (const auto& [at, arg] : referenced_) {
    if (at > from) pieces.push_back(own.substr(from, at - from));
    if (!arg.empty()) pieces.push_back(arg);
    from = at;
  }
  if (own.size() > from) pieces.push_back(own.substr(from));
  return pieces;
}

void CommandBuffer::Add(std::span<const std::string_view> argv) {
  Begin(argv.size());
  for (const std::string_view arg : argv) Argument(arg);
}

void CommandBuffer::Clear() {
  bytes_.clear();
  referenced_.clear();
  commands_ = 0;
  missing_arguments_ = 0;
}

std::string ConnectionOptions::Describe() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return "redis://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/" + std::to_string(db);
}

void Connection::ContextDeleter::operator()(redisContext* context) const { redisFree(context); }

Connection::Connection(ConnectionOptions options) : options_(std::move(options)) {
  context_.reset(redisConnectWithTimeout(options_.host.c_str(), options_.port, ToTimeval(options_.connect_timeout)));
  if (context_ == nullptr) throw RedisError(options_.Describe() + ": out of memory creating a connection");
  if (context_->err != 0) {
    throw RedisError(options_.Describe() + ": cannot connect: " + context_->errstr + " (connect timeout " +
                     std::to_string(options_.connect_timeout.count()) + " ms)");
  }
  SetSocketTimeout(options_.command_timeout);
  redisEnableKeepAlive(context_.get());
  Handshake();
}

Connection::~Connection() = default;

void Connection::Handshake() {
  if (!options_.password.empty()) {
    const Reply auth = options_.username.empty() ? Command({"AUTH", options_.password})
                                                 : Command({"AUTH", options_.username, options_.password});
    if (auth.is_error()) throw RedisError(options_.Describe() + ": AUTH refused: " + auth.error());
  }
  if (options_.db != 0) {
    const std::string db = std::to_string(options_.db);
    const Reply select = Command({"SELECT", db});
    if (select.is_error()) throw RedisError(options_.Describe() + ": SELECT " + db + " refused: " + select.error());
  }
}

void Connection::SetSocketTimeout(std::chrono::milliseconds timeout) {
  if (redisSetTimeout(context_.get(), ToTimeval(timeout)) != REDIS_OK) FailIo(errno);
}

void Connection::ThrowIfBroken() const {
  if (broken_) throw RedisError(options_.Describe() + ": connection broken by an earlier error; reconnect");
}

void Connection::Break(std::string_view what) {
  broken_ = true;
  throw RedisError(options_.Describe() + ": " + std::string(what));
}

void Connection::FailIo(int saved_errno) {
  if (context_->err == REDIS_ERR_IO && (saved_errno == EAGAIN || saved_errno == EWOULDBLOCK)) Break(kTimedOut);
  if (context_->err == REDIS_ERR_EOF) Break(kClosed);
  if (context_->err == REDIS_ERR_PROTOCOL) Break(std::string("protocol error: ") + context_->errstr);
  Break(std::string("I/O error: ") + context_->errstr);
}

void Connection::WriteAll(std::span<const std::string_view> pieces) {
  // At most IOV_MAX pieces per call; a short write resumes mid-piece.
  std::vector<iovec> iov;
  iov.reserve(pieces.size());
  for (const std::string_view piece : pieces) {
    if (!piece.empty()) iov.push_back(iovec{const_cast<char*>(piece.data()), piece.size()});  // writev only reads
  }
  std::size_t next = 0;
  while (next < iov.size()) {
    const int count = static_cast<int>(std::min<std::size_t>(iov.size() - next, IOV_MAX));
    const ssize_t written = ::writev(context_->fd, iov.data() + next, count);
    if (written < 0) {
      if (errno == EINTR) continue;
      const int saved_errno = errno;
      if (saved_errno == EAGAIN || saved_errno == EWOULDBLOCK) Break(kTimedOut);
      if (saved_errno == EPIPE || saved_errno == ECONNRESET) Break(kClosed);
      Break(std::string("I/O error: ") + std::strerror(saved_errno));
    }
    auto left = static_cast<std::size_t>(written);
    while (next < iov.size() && left >= iov[next].iov_len) left -= iov[next++].iov_len;
    if (left > 0) {
      iov[next].iov_base = static_cast<char*>(iov[next].iov_base) + left;
      iov[next].iov_len -= left;
    }
  }
}

Reply Connection::Command(std::span<const std::string_view> argv) {
  ThrowIfBroken();
  ArgvBuffers args(argv);  // hiredis 0.14 takes a non-const argv
  OwnedReply reply;
  int saved_errno = 0;
  {
    const ScopedSigpipeBlock no_sigpipe;
    reply.reset(redisCommandArgv(context_.get(), args.count(), args.pointers.data(), args.lengths.data()));
    saved_errno = errno;
  }
  if (reply == nullptr) FailIo(saved_errno);
  return ConvertOrBreak(*static_cast<redisReply*>(reply.get()));
}

Reply Connection::ConvertOrBreak(const redisReply& reply) {
  try {
    return Convert(reply);
  } catch (const RedisError&) {
    broken_ = true;  // a reply we cannot read: the protocol is out of step
    throw;
  }
}

Reply Connection::BlockingCommand(std::span<const std::string_view> argv, std::chrono::milliseconds server_wait) {
  ThrowIfBroken();
  SetSocketTimeout(options_.command_timeout + server_wait);
  Reply reply = Command(argv);
  SetSocketTimeout(options_.command_timeout);
  return reply;
}

std::vector<Reply> Connection::Pipeline(std::span<const std::vector<std::string_view>> commands) {
  CommandBuffer buffer;
  for (const auto& command : commands) buffer.Add(command);
  return PipelineEncoded(buffer);
}

std::vector<Reply> Connection::PipelineEncoded(const CommandBuffer& commands) {
  if (!commands.complete()) throw std::logic_error("Pipeline: a command lacks some of its arguments");
  ThrowIfBroken();
  std::vector<Reply> replies;
  if (commands.commands() == 0) return replies;
  replies.reserve(commands.commands());
  const ScopedSigpipeBlock no_sigpipe;
  WriteAll(commands.Pieces());
  for (std::size_t i = 0; i < commands.commands(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context_.get(), &raw) != REDIS_OK) FailIo(errno);
    const OwnedReply reply(raw);
    replies.push_back(ConvertOrBreak(*static_cast<redisReply*>(reply.get())));
  }
  return replies;
}

}  // namespace pdex::redis
