#include <gtest/gtest.h>
#include <chrono>
#include "routing_fixture.h"
namespace atensi::testing {
TEST_F(RoutingTest, TmpPerf) {
  OpenOptions o; o.path = dir_.File("perf.db"); o.synchronous = Synchronous::kNormal; o.id_seed = 7;
  auto b = Casebook::Open(o, clock_); ASSERT_TRUE(b.ok());
  auto& book = **b;
  const int n = 3000;
  auto t0 = std::chrono::steady_clock::now();
  double reg = 0, open = 0, route = 0;
  for (int batch = 0; batch < n / 1000; ++batch) {
    Status s = book.Batch([&]() -> Status {
      for (int i = 0; i < 1000; ++i) {
        Child c = SeedChild(); c.nik.reset(); c.roster_key = "K" + std::to_string(batch) + "/" + std::to_string(i);
        auto a = std::chrono::steady_clock::now();
        ATENSI_ASSIGN_OR_RETURN(Child ch, book.RegisterChild(c, Screener()));
        auto bb = std::chrono::steady_clock::now();
        OpenCaseRequest r; r.source = CaseSource::kPkhScreening; r.risk = RiskLevel::kMedium;
        r.categories = AmpkSet{AmpkCategory::kDisabilitas}; r.lead_agency_id = kProvince;
        ATENSI_ASSIGN_OR_RETURN(Case k, book.OpenCase(ch.id, r, Screener()));
        auto cc = std::chrono::steady_clock::now();
        ATENSI_RETURN_IF_ERROR(book.RouteCase(k.id, Screener()).status());
        auto dd = std::chrono::steady_clock::now();
        reg += std::chrono::duration<double>(bb - a).count();
        open += std::chrono::duration<double>(cc - bb).count();
        route += std::chrono::duration<double>(dd - cc).count();
      }
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  auto t1 = std::chrono::steady_clock::now();
  std::printf("total %.2fs for %d: reg %.2f open %.2f route %.2f\n", std::chrono::duration<double>(t1 - t0).count(), n, reg, open, route);
  auto t2 = std::chrono::steady_clock::now();
  auto rep = book.ProvinceReportFor(*RegionCode::Parse("15"), clock_.Now(), 12);
  ASSERT_TRUE(rep.ok());
  auto t3 = std::chrono::steady_clock::now();
  auto v = book.Verify();
  auto t4 = std::chrono::steady_clock::now();
  std::printf("report %.3fs verify %.3fs ok=%d\n", std::chrono::duration<double>(t3 - t2).count(), std::chrono::duration<double>(t4 - t3).count(), v.ok() && v->ok);
}
}
