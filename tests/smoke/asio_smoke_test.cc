// Proves that Boost.Asio and Boost.Beast build and run with C++20 coroutines in this tree's
// compiler: a Beast HTTP exchange over loopback, both ends written as asio::awaitable.

#include <gtest/gtest.h>

#include <string>

#include "common/asio.h"

namespace okno {
namespace {

namespace http = beast::http;
using asio::ip::tcp;

asio::awaitable<void> ServeOneRequest(tcp::acceptor& acceptor) {
  tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
  beast::flat_buffer buffer;
  http::request<http::string_body> request;
  co_await http::async_read(socket, buffer, request, asio::use_awaitable);
  http::response<http::string_body> response(http::status::ok, request.version());
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.body() = "окно: " + std::string(request.target());
  response.prepare_payload();
  co_await http::async_write(socket, response, asio::use_awaitable);
}

asio::awaitable<std::string> Fetch(tcp::endpoint endpoint, std::string target) {
  tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect(endpoint, asio::use_awaitable);
  http::request<http::empty_body> request(http::verb::get, target, 11);
  request.set(http::field::host, "localhost");
  co_await http::async_write(socket, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  co_await http::async_read(socket, buffer, response, asio::use_awaitable);
  co_return response.body();
}

TEST(AsioSmokeTest, CoroutinesServeAndFetchOverLoopback) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  tcp::endpoint endpoint = acceptor.local_endpoint();

  asio::co_spawn(io, ServeOneRequest(acceptor), asio::detached);
  std::string body;
  asio::co_spawn(io, Fetch(endpoint, "/api/v1/ping"),
                 [&body](std::exception_ptr error, std::string result) {
                   if (error) std::rethrow_exception(error);
                   body = std::move(result);
                 });
  io.run_for(std::chrono::seconds(10));
  EXPECT_EQ(body, "окно: /api/v1/ping");
}

TEST(AsioSmokeTest, AwaitableReturnsThroughATimer) {
  asio::io_context io;
  int value = 0;
  auto wait_then_answer = []() -> asio::awaitable<int> {
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(1));
    co_await timer.async_wait(asio::use_awaitable);
    co_return 42;
  };
  asio::co_spawn(io, wait_then_answer(), [&value](std::exception_ptr error, int result) {
    if (!error) value = result;
  });
  io.run();
  EXPECT_EQ(value, 42);
}

}  // namespace
}  // namespace okno
