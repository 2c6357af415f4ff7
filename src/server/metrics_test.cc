#include "server/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace okno::server {
namespace {

using ::testing::HasSubstr;

TEST(MetricsTest, CountsRequestsByRouteAndStatusWithCumulativeBuckets) {
  Metrics metrics;
  metrics.ObserveRequest("GET /api/v1/cases/{id}", 200, 0.002);
  metrics.ObserveRequest("GET /api/v1/cases/{id}", 200, 0.2);
  metrics.ObserveRequest("GET /api/v1/cases/{id}", 404, 0.0001);
  metrics.ObserveAppend(0.004, true);
  metrics.ObserveAppend(0.004, false);
  std::string text = metrics.Render({{"okno_cases_open", 7}});

  EXPECT_THAT(text, HasSubstr("okno_http_requests_total{route=\"GET /api/v1/cases/{id}\","
                              "status=\"200\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("status=\"404\"} 1\n"));
  const std::string bucket =
      "okno_http_request_duration_seconds_bucket{route=\"GET /api/v1/cases/{id}\",le=";
  EXPECT_THAT(text, HasSubstr(bucket + "\"0.0005\"} 1\n"));  // only the 0.1 ms one
  EXPECT_THAT(text, HasSubstr(bucket + "\"0.0025\"} 2\n"));  // cumulative
  EXPECT_THAT(text, HasSubstr(bucket + "\"0.25\"} 3\n"));
  EXPECT_THAT(text, HasSubstr(bucket + "\"+Inf\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("okno_http_request_duration_seconds_count{route=\"GET "
                              "/api/v1/cases/{id}\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("okno_store_append_duration_seconds_count 2\n"));
  EXPECT_THAT(text, HasSubstr("okno_store_append_failures_total 1\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE okno_cases_open gauge\nokno_cases_open 7\n"));
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  Metrics metrics;
  metrics.ObserveRequest("GET /a\"b\\c", 200, 0.001);
  EXPECT_THAT(metrics.Render({}), HasSubstr("route=\"GET /a\\\"b\\\\c\""));
}

}  // namespace
}  // namespace okno::server
