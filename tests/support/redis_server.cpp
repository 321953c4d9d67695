#include "redis_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace pdex::testing {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kStartTimeout = std::chrono::seconds(10);
constexpr auto kStopTimeout = std::chrono::seconds(10);
constexpr auto kPollInterval = std::chrono::milliseconds(10);

std::filesystem::path FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::filesystem::path candidate = std::filesystem::path(dir.empty() ? "." : dir) / name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  throw std::runtime_error(name + " not found on PATH; install it (apt-get install redis-server)");
}

// True when something on 127.0.0.1:port answers a PING with a RESP reply
// (+PONG, or -NOAUTH when a password is required).
bool Answers(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const timeval timeout{0, 200'000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool answered = false;
  if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
    constexpr char kPing[] = "PING\r\n";
    char reply[64] = {};
    if (send(fd, kPing, sizeof kPing - 1, MSG_NOSIGNAL) == static_cast<ssize_t>(sizeof kPing - 1)) {
      const ssize_t n = recv(fd, reply, sizeof reply, 0);
      answered = n > 0 && (reply[0] == '+' || reply[0] == '-');
    }
  }
  close(fd);
  return answered;
}

}  // namespace

RedisServer::RedisServer(std::vector<std::string> extra_args)
    : executable_(FindOnPath("redis-server")), extra_args_(std::move(extra_args)) {
  // A port found free may be taken before the server binds it: try others.
  for (int attempt = 0; attempt < 3; ++attempt) {
    port_ = FreePort();
    if (TryStart() == Launch::kStarted) return;
  }
  throw std::runtime_error("redis-server exited during start-up three times; log:\n" + LogTail());
}

RedisServer::~RedisServer() { Stop(); }

std::string RedisServer::url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

void RedisServer::Start() {
  if (TryStart() == Launch::kExited) {
    throw std::runtime_error("redis-server exited during start-up on port " + std::to_string(port_) + "; log:\n" +
                             LogTail());
  }
}

RedisServer::Launch RedisServer::TryStart() {
  if (running()) return Launch::kStarted;
  std::vector<std::string> args = {executable_.string(),
                                   "--port", std::to_string(port_),
                                   "--bind", "127.0.0.1",
                                   "--save", "",
                                   "--appendonly", "no",
                                   "--daemonize", "no",
                                   "--dir", dir_.path().string()};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string log = (dir_.path() / "redis.log").string();

  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed starting redis-server");
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  pid_ = pid;

  const auto deadline = Clock::now() + kStartTimeout;
  while (!Answers(port_)) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return Launch::kExited;
    }
    if (Clock::now() >= deadline) {
      Stop();
      throw std::runtime_error("redis-server did not answer on port " + std::to_string(port_) + " within 10 s; log:\n" +
                               LogTail());
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  return Launch::kStarted;
}

void RedisServer::Stop() {
  if (!running()) return;
  kill(pid_, SIGTERM);
  const auto deadline = Clock::now() + kStopTimeout;
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (Clock::now() >= deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  pid_ = -1;
}

std::string RedisServer::LogTail() const {
  std::ifstream in(dir_.path() / "redis.log");
  std::stringstream content;
  content << in.rdbuf();
  const std::string text = content.str();
  constexpr std::size_t kTail = 2000;
  return text.size() <= kTail ? text : text.substr(text.size() - kTail);
}

}  // namespace pdex::testing
