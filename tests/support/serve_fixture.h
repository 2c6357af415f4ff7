#pragma once

// okno serve as an operator starts it, for end-to-end tests: a real process on a free port with
// a fresh data folder, spoken to over TCP with plain HTTP/1.1, stopped with SIGTERM.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "common/data_file.h"

namespace okno {

struct Response {
  int status = 0;
  std::string head;
  std::string body;
};

// A connection to the server; requests on it are sent one after another (keep-alive).
class Connection {
 public:
  explicit Connection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    timeval timeout{30, 0};  // generous: CI machines are shared and slow under ASan
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  ~Connection() { ::close(fd_); }
  bool connected() const { return connected_; }

  void SendRaw(const std::string& bytes) {
    for (size_t sent = 0; sent < bytes.size();) {
      ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<size_t>(n);
    }
  }

  Response Send(const std::string& method, const std::string& target, const std::string& body = "",
                const std::string& extra_headers = "") {
    // A body is JSON unless the test says otherwise.
    std::string type = !body.empty() && extra_headers.find("Content-Type:") == std::string::npos
                           ? "Content-Type: application/json\r\n"
                           : "";
    SendRaw(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n" + extra_headers + type +
            "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    return Receive();
  }

  // One response; status 0 when the connection closed first.
  Response Receive() {
    Response response;
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return response;
    }
    response.head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    std::sscanf(response.head.c_str(), "HTTP/1.1 %d", &response.status);
    std::smatch length;
    size_t content_length = 0;
    if (std::regex_search(response.head, length,
                          std::regex("Content-Length: (\\d+)", std::regex::icase))) {
      content_length = std::stoul(length[1]);
    }
    while (buffer_.size() < content_length) {
      if (!Fill()) break;
    }
    response.body = buffer_.substr(0, content_length);
    buffer_.erase(0, std::min(content_length, buffer_.size()));
    return response;
  }

  // Whether the server closed the connection (read returns 0) within the receive timeout.
  bool ClosedByServer() {
    char byte;
    return ::recv(fd_, &byte, 1, 0) == 0;
  }

 private:
  bool Fill() {
    char chunk[8192];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

// `okno serve` on a free port, stopped (SIGTERM) at the end of the test.
class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = ::testing::TempDir() + "okno_serve_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(data_);
    Start();
  }

  // Starts `okno serve --demo` on the test's data folder (again, after Stop).
  void Start() {
    if (output_ != nullptr) std::fclose(output_);
    port_ = 0;
    int out[2];
    ASSERT_EQ(::pipe(out), 0);
    pid_ = ::fork();
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::dup2(out[1], STDERR_FILENO);
      ::close(out[0]);
      if (fd_limit_ > 0) {
        rlimit limit{static_cast<rlim_t>(fd_limit_), static_cast<rlim_t>(fd_limit_)};
        ::setrlimit(RLIMIT_NOFILE, &limit);
      }
      // The project's folder, where the demo finds examples/.
      if (::chdir((std::string(OKNO_EXAMPLES_DIR) + "/..").c_str()) != 0) ::_exit(126);
      if (fd_limit_ > 0) {
        const char* options = std::getenv("UBSAN_OPTIONS");
        std::string with_suppressions = std::string(options != nullptr ? options : "") +
                                        ":suppressions=tests/support/ubsan-out-of-descriptors.supp";
        ::setenv("UBSAN_OPTIONS", with_suppressions.c_str(), 1);
      }
      std::vector<std::string> args = {OKNO_BINARY, "serve",        "--listen",  "127.0.0.1:0",
                                       "--catalog", catalog_,       "--threads", "2",
                                       "--web",     "/nonexistent", "--data",    data_};
      if (demo_) args.push_back("--demo");
      args.insert(args.end(), extra_args_.begin(), extra_args_.end());
      std::vector<char*> argv;
      for (std::string& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      ::execv(OKNO_BINARY, argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    output_ = ::fdopen(out[0], "r");
    char line[1024];
    std::string printed;
    std::smatch match;
    while (std::fgets(line, sizeof line, output_) != nullptr) {
      printed += line;
      std::string text = line;
      if (std::regex_search(text, match, std::regex("https?://127\\.0\\.0\\.1:(\\d+)"))) {
        port_ = std::stoi(match[1]);
        break;
      }
    }
    ASSERT_NE(port_, 0) << "okno serve did not say where it listens:\n" << printed;
    start_output_ = printed;
  }

  // Stops the server with SIGTERM; its exit code and what it printed after the first line.
  int Stop(std::string* printed = nullptr) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    std::string rest;
    char line[1024];
    while (std::fgets(line, sizeof line, output_) != nullptr) rest += line;
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    if (printed != nullptr) *printed = rest;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Kills the server with SIGKILL: no chance to finish or flush anything.
  void Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  // Every test ends with the server stopping cleanly: a crash or a sanitizer report fails it.
  void TearDown() override {
    if (pid_ > 0) {
      std::string printed;
      EXPECT_EQ(Stop(&printed), 0) << printed;
    }
    if (output_ != nullptr) std::fclose(output_);
    output_ = nullptr;
    std::filesystem::remove_all(data_);
  }

  // Reads what the server prints until a line containing `text`; that line, or "" at the end.
  std::string ReadUntil(const std::string& text) {
    char line[4096];
    while (std::fgets(line, sizeof line, output_) != nullptr) {
      if (std::string(line).find(text) != std::string::npos) return line;
    }
    return "";
  }

  std::string catalog_ = OKNO_CATALOG_DIR;
  // Flags after the fixture's own, and whether it starts the demo.
  std::vector<std::string> extra_args_;
  bool demo_ = true;
  int fd_limit_ = 0;  // > 0: the server's limit of open files
  pid_t pid_ = -1;
  FILE* output_ = nullptr;
  int port_ = 0;
  std::string data_;
  std::string start_output_;
};

inline std::string ReadFileText(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline std::string ExampleJson(const std::string& name) {
  return ReadDataFile(std::string(OKNO_EXAMPLES_DIR) + "/" + name).value().dump();
}

inline std::string LogIn(Connection& connection, const std::string& login) {
  Response session = connection.Send(
      "POST", "/api/v1/sessions",
      nlohmann::json({{"login", login}, {"password", "demo-" + login + "-2026"}}).dump());
  EXPECT_EQ(session.status, 201) << session.body;
  return session.status == 201 ? nlohmann::json::parse(session.body)["token"].get<std::string>()
                               : "";
}

inline std::string Bearer(const std::string& token, const std::string& key = "") {
  return "Authorization: Bearer " + token + "\r\n" +
         (key.empty() ? "" : "Idempotency-Key: " + key + "\r\n");
}

// The paper's case through the API: opened with consent, its complex request making tasks in
// several agencies, an agency deciding its own task and not another's; logins and roles
// checked on the way.
}  // namespace okno
