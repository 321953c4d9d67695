// Integration tests for redis/connection.h against a real redis-server.
#include "redis/connection.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "redis/redis_url.h"
#include "redis_server.h"

namespace pdex::redis {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

ConnectionOptions OptionsFor(std::uint16_t port) {
  ConnectionOptions o;
  o.port = port;
  o.connect_timeout = 2s;
  o.command_timeout = 2s;
  return o;
}

// A socket listening on 127.0.0.1 that never accepts nor answers: connects
// succeed (the kernel completes them), replies never come.
class SilentListener {
 public:
  SilentListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 || listen(fd_, 8) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
    }
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() { close(fd_); }
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

class RedisConnectionTest : public ::testing::Test {
 protected:
  testing::RedisServer server_;
};

TEST_F(RedisConnectionTest, RepliesOfEveryType) {
  Connection c(OptionsFor(server_.port()));
  const Reply pong = c.Command({"PING"});
  EXPECT_EQ(pong.type(), Reply::Type::kStatus);
  EXPECT_EQ(pong.status(), "PONG");
  EXPECT_TRUE(c.Command({"GET", "missing"}).is_nil());
  EXPECT_EQ(c.Command({"INCRBY", "n", "41"}).integer(), 41);
  c.Command({"RPUSH", "list", "a", "b"});
  const Reply range = c.Command({"LRANGE", "list", "0", "-1"});
  ASSERT_EQ(range.elements().size(), 2u);
  EXPECT_EQ(range.elements()[1].str(), "b");
  const Reply error = c.Command({"NOSUCHCOMMAND"});
  EXPECT_TRUE(error.is_error());
  EXPECT_TRUE(error.error().starts_with("ERR unknown command")) << error.error();
  EXPECT_FALSE(c.broken());  // an error reply is an answer
  EXPECT_EQ(c.Command({"PING"}).status(), "PONG");
}

TEST_F(RedisConnectionTest, ArgumentsAreBinarySafe) {
  Connection c(OptionsFor(server_.port()));
  const std::string value("a\0b\r\n*3\r\n$1 \xff", 14);
  const std::string key("k\0ey", 4);
  EXPECT_EQ(c.Command({"SET", key, value}).status(), "OK");
  EXPECT_EQ(c.Command({"GET", key}).str(), value);
  EXPECT_TRUE(c.Command({"GET", "k"}).is_nil());
  const std::string big(1 << 20, 'x');
  c.Command({"SET", "big", big});
  EXPECT_EQ(c.Command({"STRLEN", "big"}).integer(), 1 << 20);
}

TEST_F(RedisConnectionTest, TypedAccessorsThrowClearly) {
  Connection c(OptionsFor(server_.port()));
  c.Command({"SET", "s", "text"});
  const Reply error = c.Command({"INCR", "s"});
  try {
    error.integer();
    ADD_FAILURE() << "no throw";
  } catch (const RedisError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("expected an integer reply, got error"), std::string::npos) << message;
    EXPECT_NE(message.find("not an integer"), std::string::npos) << message;
  }
  EXPECT_THROW(c.Command({"GET", "s"}).elements(), RedisError);
  EXPECT_THROW(c.Command({"GET", "nothing"}).str(), RedisError);
  EXPECT_FALSE(c.broken());
}

TEST_F(RedisConnectionTest, PipelineIsOneBatchOfRepliesInOrder) {
  Connection c(OptionsFor(server_.port()));
  std::vector<std::vector<std::string_view>> commands(1000, {"INCR", "counter"});
  commands.push_back({"NOSUCHCOMMAND"});
  commands.push_back({"GET", "counter"});
  const std::vector<Reply> replies = c.Pipeline(commands);
  ASSERT_EQ(replies.size(), 1002u);
  for (std::size_t i = 0; i < 1000; ++i) EXPECT_EQ(replies[i].integer(), static_cast<long long>(i + 1));
  EXPECT_TRUE(replies[1000].is_error());
  EXPECT_EQ(replies[1001].str(), "1000");
  EXPECT_TRUE(c.Pipeline({}).empty());
}

TEST(CommandBufferTest, ReferencedArgumentsAreSentFromWhereTheyAre) {
  CommandBuffer copied, referenced;
  const std::string big(100'000, 'v');
  copied.Add(std::vector<std::string_view>{"SET", "k", big});
  referenced.Begin(3);
  referenced.Argument("SET");
  referenced.Argument("k");
  referenced.ArgumentByReference(big);
  const std::vector<std::string_view> pieces = referenced.Pieces();
  ASSERT_EQ(pieces.size(), 3u);  // the RESP up to the value, the value itself, its \r\n
  EXPECT_EQ(pieces[1].data(), big.data());
  std::string joined;
  for (const std::string_view piece : pieces) joined += piece;
  ASSERT_EQ(copied.Pieces().size(), 1u);
  EXPECT_EQ(joined, copied.Pieces()[0]);
  referenced.Clear();
  EXPECT_TRUE(referenced.Pieces().empty());
}

TEST_F(RedisConnectionTest, PipelineEncodedWritesReferencedArgumentsInOrder) {
  Connection c(OptionsFor(server_.port()));
  // More pieces than one writev takes (IOV_MAX, 1024), some empty, and a
  // value of megabytes, which the socket takes in several writes.
  const std::string big(8 * 1024 * 1024, 'b');
  std::vector<std::string> values;
  for (int i = 0; i < 1500; ++i) values.push_back(i % 7 == 0 ? std::string() : "value-" + std::to_string(i));
  CommandBuffer commands;
  for (int i = 0; i < 1500; ++i) {
    commands.Begin(3);
    commands.Argument("SET");
    commands.Argument("k" + std::to_string(i));
    commands.ArgumentByReference(values[static_cast<std::size_t>(i)]);
  }
  commands.Begin(3);
  commands.Argument("SET");
  commands.Argument("big");
  commands.ArgumentByReference(big);
  const std::vector<Reply> replies = c.PipelineEncoded(commands);
  ASSERT_EQ(replies.size(), 1501u);
  for (const Reply& reply : replies) EXPECT_EQ(reply.status(), "OK");
  for (int i = 0; i < 1500; i += 149) {
    EXPECT_EQ(c.Command({"GET", "k" + std::to_string(i)}).str(), values[static_cast<std::size_t>(i)]);
  }
  EXPECT_EQ(c.Command({"STRLEN", "big"}).integer(), static_cast<long long>(big.size()));
  EXPECT_EQ(c.Command({"GETRANGE", "big", "8388600", "-1"}).str(), "bbbbbbbb");
}

TEST_F(RedisConnectionTest, SelectsTheDatabase) {
  ConnectionOptions o = OptionsFor(server_.port());
  o.db = 3;
  Connection db3(o);
  db3.Command({"SET", "where", "db3"});
  Connection db0(OptionsFor(server_.port()));
  EXPECT_TRUE(db0.Command({"GET", "where"}).is_nil());
  EXPECT_EQ(Connection(o).Command({"GET", "where"}).str(), "db3");
  o.db = 99;  // beyond the default 16 databases
  try {
    Connection refused(o);
    ADD_FAILURE() << "connected";
  } catch (const RedisError& e) {
    EXPECT_NE(std::string(e.what()).find("SELECT 99 refused"), std::string::npos) << e.what();
  }
}

TEST_F(RedisConnectionTest, BlockingCommandWaitsBeyondTheCommandTimeout) {
  ConnectionOptions o = OptionsFor(server_.port());
  o.command_timeout = 100ms;
  Connection c(o);
  const std::string_view blpop[] = {"BLPOP", "empty", "0.5"};
  const auto start = Clock::now();
  EXPECT_TRUE(c.BlockingCommand(blpop, 500ms).is_nil());
  EXPECT_GE(Clock::now() - start, 450ms);
  EXPECT_FALSE(c.broken());
  // The normal timeout is back afterwards.
  EXPECT_EQ(c.Command({"PING"}).status(), "PONG");
}

TEST(RedisConnectionFailureTest, RefusedConnectionSaysWhere) {
  const std::uint16_t port = testing::FreePort();  // nothing listens there
  const auto start = Clock::now();
  try {
    Connection c(OptionsFor(port));
    ADD_FAILURE() << "connected";
  } catch (const RedisError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("redis://127.0.0.1:" + std::to_string(port)), std::string::npos) << message;
    EXPECT_NE(message.find("cannot connect"), std::string::npos) << message;
  }
  EXPECT_LT(Clock::now() - start, 5s);
}

TEST(RedisConnectionFailureTest, SilentServerTimesOutAndBreaksTheConnection) {
  SilentListener silent;
  ConnectionOptions o = OptionsFor(silent.port());
  o.command_timeout = 100ms;
  Connection c(o);
  const auto start = Clock::now();
  try {
    c.Command({"PING"});
    ADD_FAILURE() << "answered";
  } catch (const RedisError& e) {
    EXPECT_NE(std::string(e.what()).find("timed out"), std::string::npos) << e.what();
  }
  EXPECT_GE(Clock::now() - start, 90ms);
  EXPECT_LT(Clock::now() - start, 5s);
  EXPECT_TRUE(c.broken());
  try {
    c.Command({"PING"});
    ADD_FAILURE() << "a broken connection was used";
  } catch (const RedisError& e) {
    EXPECT_NE(std::string(e.what()).find("reconnect"), std::string::npos) << e.what();
  }
}

TEST(RedisConnectionFailureTest, AWriteTheServerDoesNotReadTimesOut) {
  SilentListener silent;  // accepts, never reads: the socket's buffers fill up
  ConnectionOptions o = OptionsFor(silent.port());
  o.command_timeout = 100ms;
  Connection c(o);
  const std::string big(64 * 1024 * 1024, 'x');
  CommandBuffer commands;
  commands.Begin(3);
  commands.Argument("SET");
  commands.Argument("k");
  commands.ArgumentByReference(big);
  const auto start = Clock::now();
  try {
    c.PipelineEncoded(commands);
    ADD_FAILURE() << "written";
  } catch (const RedisError& e) {
    EXPECT_NE(std::string(e.what()).find("timed out"), std::string::npos) << e.what();
  }
  EXPECT_LT(Clock::now() - start, 5s);
  EXPECT_TRUE(c.broken());
}

TEST_F(RedisConnectionTest, ServerGoneBreaksTheConnectionWithoutSigpipe) {
  Connection c(OptionsFor(server_.port()));
  EXPECT_EQ(c.Command({"PING"}).status(), "PONG");
  server_.Stop();
  // Megabytes of commands to a closed socket: the writes after the peer's
  // reset raise SIGPIPE, which must not kill the process.
  const std::string big(64 * 1024, 'x');
  std::vector<std::vector<std::string_view>> commands(200, {"SET", "k", big});
  EXPECT_THROW(c.Pipeline(commands), RedisError);
  EXPECT_TRUE(c.broken());
  EXPECT_THROW(c.Command({"PING"}), RedisError);
  EXPECT_THROW(Connection(OptionsFor(server_.port())), RedisError);

  server_.Start();
  EXPECT_EQ(Connection(OptionsFor(server_.port())).Command({"PING"}).status(), "PONG");
}

TEST(RedisAuthTest, PasswordFromTheUrl) {
  testing::RedisServer server({"--requirepass", "p@ss word"});
  const std::string port = std::to_string(server.port());
  Connection authenticated(ParseRedisUrl("redis://:p%40ss%20word@127.0.0.1:" + port + "/2"));
  EXPECT_EQ(authenticated.Command({"PING"}).status(), "PONG");
  Connection as_default_user(ParseRedisUrl("redis://default:p%40ss%20word@127.0.0.1:" + port));
  EXPECT_EQ(as_default_user.Command({"PING"}).status(), "PONG");

  // Without a password commands are refused (an error reply, not a failure).
  Connection anonymous(ParseRedisUrl("redis://127.0.0.1:" + port));
  const Reply refused = anonymous.Command({"PING"});
  EXPECT_TRUE(refused.is_error());
  EXPECT_TRUE(refused.error().starts_with("NOAUTH")) << refused.error();

  try {
    Connection wrong(ParseRedisUrl("redis://:wrong@127.0.0.1:" + port));
    ADD_FAILURE() << "connected";
  } catch (const RedisError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("AUTH refused"), std::string::npos) << message;
    EXPECT_EQ(message.find("wrong"), std::string::npos) << message;  // the password stays out
  }
}

// The test helper itself: a clear failure when redis-server is missing.
TEST(RedisServerTest, MissingBinaryIsAClearError) {
  const std::string path = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
  setenv("PATH", "/nonexistent", 1);
  try {
    testing::RedisServer server;
    ADD_FAILURE() << "started";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("redis-server not found on PATH"), std::string::npos) << e.what();
  }
  setenv("PATH", path.c_str(), 1);
}

TEST(RedisServerTest, StopAndStartKeepThePort) {
  testing::RedisServer server;
  const std::uint16_t port = server.port();
  EXPECT_EQ(server.url(), "redis://127.0.0.1:" + std::to_string(port));
  server.Stop();
  EXPECT_FALSE(server.running());
  EXPECT_THROW(Connection(OptionsFor(port)), RedisError);
  server.Stop();  // again: nothing to do
  server.Start();
  EXPECT_TRUE(server.running());
  EXPECT_EQ(server.port(), port);
  EXPECT_EQ(Connection(OptionsFor(port)).Command({"PING"}).status(), "PONG");
}

}  // namespace
}  // namespace pdex::redis
