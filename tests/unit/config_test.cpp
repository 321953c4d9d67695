// Unit tests for api/config.h with an injected environment.
#include "api/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "store/open_store.h"
#include "support/fake_env.h"

namespace pdex::api {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using testing::Env;

ApiConfig Load(const Env& env) { return LoadApiConfig(testing::GetenvOf(env)); }

std::string ErrorOf(const Env& env) { return testing::ConfigErrorOf(LoadApiConfig, env); }

TEST(LoadApiConfig, Defaults) {
  const ApiConfig c = Load({});
  EXPECT_EQ(c.bind_address, "0.0.0.0");
  EXPECT_EQ(c.port, 8000);
  EXPECT_EQ(c.database_url, store::kDefaultDatabaseUrl);
  EXPECT_THAT(c.api_keys, IsEmpty());
  EXPECT_EQ(c.log_level, logging::Level::kInfo);
  const int cpus = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  EXPECT_EQ(c.http_threads, cpus);
  EXPECT_EQ(c.db_pool_size, std::max(8, cpus));
  EXPECT_EQ(c.request_timeout_seconds, 15);
  EXPECT_EQ(c.data_version_check_ms, 100);
}

TEST(LoadApiConfig, EmptyValuesMeanDefaults) {
  const ApiConfig c = Load({{"BIND_ADDRESS", ""}, {"PORT", ""}, {"DATABASE_URL", ""}, {"LOG_LEVEL", ""},
                            {"API_KEYS", ""}, {"HTTP_TIMEOUT", ""}});
  EXPECT_EQ(c.bind_address, "0.0.0.0");
  EXPECT_EQ(c.port, 8000);
  EXPECT_EQ(c.database_url, store::kDefaultDatabaseUrl);
  EXPECT_EQ(c.log_level, logging::Level::kInfo);
  EXPECT_THAT(c.api_keys, IsEmpty());
}

TEST(LoadApiConfig, ReadsEveryVariable) {
  const ApiConfig c = Load({{"BIND_ADDRESS", "127.0.0.1"},
                            {"PORT", "8080"},
                            {"DATABASE_URL", "postgresql://pdex@db/pdex"},
                            {"API_KEYS", "k1"},
                            {"LOG_LEVEL", "debug"},
                            {"HTTP_THREADS", "4"},
                            {"DB_POOL_SIZE", "12"},
                            {"HTTP_REQUEST_TIMEOUT", "30"},
                            {"DATA_VERSION_CHECK_MS", "0"}});
  EXPECT_EQ(c.bind_address, "127.0.0.1");
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.database_url, "postgresql://pdex@db/pdex");
  EXPECT_THAT(c.api_keys, ElementsAre("k1"));
  EXPECT_EQ(c.log_level, logging::Level::kDebug);
  EXPECT_EQ(c.http_threads, 4);
  EXPECT_EQ(c.db_pool_size, 12);
  EXPECT_EQ(c.request_timeout_seconds, 30);
  EXPECT_EQ(c.data_version_check_ms, 0);
}

TEST(LoadApiConfig, PortAcceptsTheWholeRange) {
  EXPECT_EQ(Load({{"PORT", "0"}}).port, 0);
  EXPECT_EQ(Load({{"PORT", "1"}}).port, 1);
  EXPECT_EQ(Load({{"PORT", "65535"}}).port, 65535);
}

TEST(LoadApiConfig, BadPortErrorsNameTheVariableAndValue) {
  for (const std::string bad : {"65536", "-1", "abc", "80a", " 80", "80 ", "8.0", "99999999999", "+80"}) {
    const std::string e = ErrorOf({{"PORT", bad}});
    EXPECT_THAT(e, HasSubstr("PORT")) << "'" << bad << "'";
    EXPECT_THAT(e, HasSubstr("'" + bad + "'")) << "'" << bad << "'";
  }
}

TEST(LoadApiConfig, OtherIntegerErrorsNameTheirVariable) {
  EXPECT_THAT(ErrorOf({{"HTTP_THREADS", "0"}}), HasSubstr("HTTP_THREADS"));
  EXPECT_THAT(ErrorOf({{"HTTP_THREADS", "257"}}), HasSubstr("HTTP_THREADS"));
  EXPECT_THAT(ErrorOf({{"DB_POOL_SIZE", "many"}}), HasSubstr("DB_POOL_SIZE"));
  EXPECT_THAT(ErrorOf({{"HTTP_REQUEST_TIMEOUT", "0"}}), HasSubstr("HTTP_REQUEST_TIMEOUT"));
  EXPECT_THAT(ErrorOf({{"DATA_VERSION_CHECK_MS", "-5"}}), HasSubstr("DATA_VERSION_CHECK_MS"));
  EXPECT_THAT(ErrorOf({{"DATA_VERSION_CHECK_MS", "60001"}}), HasSubstr("DATA_VERSION_CHECK_MS"));
}

TEST(LoadApiConfig, PoolSizeDefaultFollowsThreadCount) {
  EXPECT_EQ(Load({{"HTTP_THREADS", "16"}}).db_pool_size, 16);
  EXPECT_EQ(Load({{"HTTP_THREADS", "2"}}).db_pool_size, 8);
  EXPECT_EQ(Load({{"HTTP_THREADS", "16"}, {"DB_POOL_SIZE", "3"}}).db_pool_size, 3);
}

TEST(LoadApiConfig, ApiKeysAreSplitOnCommasAndTrimmed) {
  EXPECT_THAT(Load({{"API_KEYS", "alpha,beta"}}).api_keys, ElementsAre("alpha", "beta"));
  EXPECT_THAT(Load({{"API_KEYS", " alpha , beta ,, gamma ,"}}).api_keys, ElementsAre("alpha", "beta", "gamma"));
  EXPECT_THAT(Load({{"API_KEYS", "\tkey-1\t,\t key 2 "}}).api_keys, ElementsAre("key-1", "key 2"));
  EXPECT_THROW(Load({{"API_KEYS", " , ,"}}), ConfigError) << "must not fail open";
  EXPECT_THAT(Load({{"API_KEYS", "   "}}).api_keys, IsEmpty());
  EXPECT_THAT(Load({{"API_KEYS", ",only"}}).api_keys, ElementsAre("only"));
}

TEST(LoadApiConfig, LogLevelValues) {
  EXPECT_EQ(Load({{"LOG_LEVEL", "debug"}}).log_level, logging::Level::kDebug);
  EXPECT_EQ(Load({{"LOG_LEVEL", "INFO"}}).log_level, logging::Level::kInfo);
  EXPECT_EQ(Load({{"LOG_LEVEL", "warn"}}).log_level, logging::Level::kWarn);
  EXPECT_EQ(Load({{"LOG_LEVEL", "Warning"}}).log_level, logging::Level::kWarn);
  EXPECT_EQ(Load({{"LOG_LEVEL", "error"}}).log_level, logging::Level::kError);
}

TEST(LoadApiConfig, BadLogLevelNamesTheVariable) {
  for (const std::string bad : {"verbose", "trace", "warnings", " info", "3"}) {
    const std::string e = ErrorOf({{"LOG_LEVEL", bad}});
    EXPECT_THAT(e, HasSubstr("LOG_LEVEL")) << bad;
    EXPECT_THAT(e, HasSubstr(bad)) << bad;
  }
}

TEST(LoadApiConfig, AsksOnlyForItsOwnVariables) {
  std::vector<std::string> asked;
  LoadApiConfig([&asked](std::string_view name) -> std::optional<std::string> {
    asked.emplace_back(name);
    return std::nullopt;
  });
  for (const char* name : {"BIND_ADDRESS", "PORT", "DATABASE_URL", "API_KEYS", "LOG_LEVEL", "HTTP_THREADS",
                           "DB_POOL_SIZE", "HTTP_REQUEST_TIMEOUT", "DATA_VERSION_CHECK_MS"}) {
    EXPECT_NE(std::find(asked.begin(), asked.end(), name), asked.end()) << name;
  }
}

TEST(ProcessEnv, ReadsTheProcessEnvironment) {
  EXPECT_EQ(ProcessEnv("PDEX_TEST_SURELY_UNSET_VARIABLE_42"), std::nullopt);
  setenv("PDEX_TEST_CONFIG_VAR", "value 1", 1);
  EXPECT_EQ(ProcessEnv("PDEX_TEST_CONFIG_VAR"), "value 1");
  unsetenv("PDEX_TEST_CONFIG_VAR");
}

}  // namespace
}  // namespace pdex::api
