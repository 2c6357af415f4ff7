#pragma once

// The one way Okno includes Boost.Asio and Boost.Beast. Include this header, never
// <boost/asio.hpp> or <boost/beast.hpp> directly: Debian's Boost 1.74 needs two fixes under C++20
// that must come before Asio's own headers, and both compilers of the project need them.
// Include it only from .cc files of the modules that serve or call over the network: these
// headers add seconds to every translation unit that sees them.

// GCC 12: Asio 1.74 uses std::exchange and std::declval from <utility> without including it.
#include <utility>

// Clang 16 with libstdc++: Asio 1.74 enables co_await for clang only when
// <experimental/coroutine> exists (libc++), though libstdc++'s <coroutine> serves as well
// (Asio itself then picks std::coroutine, since clang also defines __GNUC__).
#if defined(__clang__) && !defined(BOOST_ASIO_HAS_CO_AWAIT)
#define BOOST_ASIO_HAS_CO_AWAIT 1
#endif

#include <boost/asio.hpp>
#include <boost/beast.hpp>

namespace okno {
namespace asio = boost::asio;
namespace beast = boost::beast;
}  // namespace okno
