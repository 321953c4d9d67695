// Unit tests for redis/redis_url.h.
#include "redis/redis_url.h"

#include <gtest/gtest.h>

#include <string>

namespace pdex::redis {
namespace {

TEST(RedisUrlTest, HostAloneGetsDefaults) {
  const ConnectionOptions o = ParseRedisUrl("redis://cache.internal");
  EXPECT_EQ(o.host, "cache.internal");
  EXPECT_EQ(o.port, 6379);
  EXPECT_EQ(o.db, 0);
  EXPECT_EQ(o.username, "");
  EXPECT_EQ(o.password, "");
  EXPECT_EQ(o.connect_timeout, ConnectionOptions().connect_timeout);
  EXPECT_EQ(o.command_timeout, ConnectionOptions().command_timeout);
}

TEST(RedisUrlTest, FullForm) {
  const ConnectionOptions o = ParseRedisUrl("redis://:s3cret@127.0.0.1:6380/2");
  EXPECT_EQ(o.host, "127.0.0.1");
  EXPECT_EQ(o.port, 6380);
  EXPECT_EQ(o.db, 2);
  EXPECT_EQ(o.username, "");
  EXPECT_EQ(o.password, "s3cret");
}

TEST(RedisUrlTest, UsernameAndPassword) {
  const ConnectionOptions o = ParseRedisUrl("redis://drift:pw@redis:6379");
  EXPECT_EQ(o.username, "drift");
  EXPECT_EQ(o.password, "pw");
  EXPECT_EQ(o.host, "redis");
}

TEST(RedisUrlTest, PasswordIsPercentDecoded) {
  EXPECT_EQ(ParseRedisUrl("redis://:p%40ss%2Fw%3Ard@h").password, "p@ss/w:rd");
  EXPECT_EQ(ParseRedisUrl("redis://:a%2fb@h").password, "a/b");
}

TEST(RedisUrlTest, UnencodedAtInPasswordUsesTheLastAt) {
  const ConnectionOptions o = ParseRedisUrl("redis://:p@ss@h:1");
  EXPECT_EQ(o.password, "p@ss");
  EXPECT_EQ(o.host, "h");
  EXPECT_EQ(o.port, 1);
}

TEST(RedisUrlTest, Ipv6Host) {
  const ConnectionOptions o = ParseRedisUrl("redis://[::1]:7000/3");
  EXPECT_EQ(o.host, "::1");
  EXPECT_EQ(o.port, 7000);
  EXPECT_EQ(o.db, 3);
  EXPECT_EQ(ParseRedisUrl("redis://[::1]").port, 6379);
}

TEST(RedisUrlTest, TrailingSlashMeansDbZero) {
  const ConnectionOptions o = ParseRedisUrl("redis://h:1/");
  EXPECT_EQ(o.db, 0);
  EXPECT_EQ(o.port, 1);
}

TEST(RedisUrlTest, DescribeLeavesOutCredentials) {
  const ConnectionOptions o = ParseRedisUrl("redis://user:topsecret@h:1/4");
  EXPECT_EQ(o.Describe(), "redis://h:1/4");
  EXPECT_EQ(ParseRedisUrl("redis://[::1]:2").Describe(), "redis://[::1]:2/0");
}

// Each malformed URL throws RedisUrlError, whose message never repeats the
// password.
TEST(RedisUrlTest, MalformedUrlsAreRejectedWithoutLeakingThePassword) {
  const char* bad[] = {
      "",                              // no scheme
      "http://h:1",                    // wrong scheme
      "rediss://h:1",                  // TLS
      "redis://",                      // no host
      "redis://:topsecret@",           // no host
      "redis://:topsecret@:6379",      // no host
      "redis://topsecret@h",           // credentials without ':'
      "redis://u:@h",                  // empty password
      "redis://:top%zzsecret@h",       // bad percent-encoding
      "redis://:topsecret%4@h",        // truncated percent-encoding
      "redis://h:",                    // empty port
      "redis://h:0",                   // port out of range
      "redis://h:65536",               // port out of range
      "redis://h:12ab",                // port not a number
      "redis://h:-1",                  // negative port
      "redis://h/abc",                 // db not a number
      "redis://h/-1",                  // negative db
      "redis://h/1/2",                 // extra path
      "redis://h/99999999999",         // db out of range
      "redis://h?timeout=1",           // query
      "redis://h#x",                   // fragment
      "redis://[::1",                  // unterminated bracket
      "redis://[::1]x",                // junk after bracket
      "redis://[::1]:",                // empty port
      "redis://:topsecret@h:topsecret",  // port is the secret
      "redis://:top/secret@h",           // unencoded '/' in the password
  };
  for (const char* url : bad) {
    SCOPED_TRACE(url);
    try {
      ParseRedisUrl(url);
      ADD_FAILURE() << "accepted";
    } catch (const RedisUrlError& e) {
      const std::string message = e.what();
      EXPECT_TRUE(message.starts_with("invalid REDIS_URL: ")) << message;
      EXPECT_EQ(message.find("secret"), std::string::npos) << message;
    }
  }
}

}  // namespace
}  // namespace pdex::redis
