// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/roster/roster_record.h"

#include <gtest/gtest.h>

#include <sstream>

#include "atensi/nik.h"
#include "atensi/roster/csv_reader.h"
#include "atensi/roster/roster_sample.h"

namespace atensi {
namespace {

const Date kRef(2026, 11, 28);

std::vector<std::string> Split(const std::string& line) {
  std::istringstream in(line + "\n");
  CsvReader r(in);
  std::vector<std::string> f;
  EXPECT_TRUE(r.Next(f));
  return f;
}

const char* kHeader =
    "IDBDT,NoUrutART,Nama,JnsKel,TglLahir,KdWilayah,NIK,NoKK,Partisipasi_sekolah,Jenis_cacat,"
    "Ada_akta_lahir,Pendamping_disabilitas,Desil,NoPesertaPKH,Masalah";

RowResult Validate(const std::string& row) {
  auto header = RosterHeader::FromFields(Split(kHeader));
  EXPECT_TRUE(header.ok());
  return ValidateRosterRow(*header, Split(row), 2, kRef);
}

bool HasError(const RowResult& r, std::string_view field, std::string_view reason) {
  for (const auto& e : r.errors) {
    if (e.field == field && e.reason == reason) return true;
  }
  return false;
}

// A good row: a boy born 29 May 2012 (Dukcapil Rejang Lebong example NIK
// 1702192905120001), living in a desa of Kabupaten Sarolangun.
const std::string kGood =
    "H1,3,Adi Pratama,1,2012-05-29,15.03.01.2001,1702192905120001,,1,0,1,,2,PKH01,kekerasan";

TEST(RosterHeaderTest, RequiredColumnsAndCaseInsensitiveNames) {
  auto h = RosterHeader::FromFields(Split("idbdt,NOURUTART,nama,jnskel,tgllahir,kdwilayah"));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->index("TglLahir"), 4);
  EXPECT_EQ(h->index("NIK"), -1);
  auto missing = RosterHeader::FromFields(Split("IDBDT,Nama,JnsKel,TglLahir,KdWilayah"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().reason(), "roster.missing_column");
  EXPECT_EQ(missing.status().field(), "NoUrutART");
  auto dup =
      RosterHeader::FromFields(Split("IDBDT,NoUrutART,Nama,JnsKel,TglLahir,KdWilayah,nik,NIK"));
  EXPECT_EQ(dup.status().reason(), "roster.duplicate_column");
}

TEST(RosterRecordTest, ValidRowDecodesEveryField) {
  auto r = Validate(kGood);
  ASSERT_TRUE(r.record.has_value()) << (r.errors.empty() ? "" : r.errors[0].message);
  const RosterRecord& rec = *r.record;
  EXPECT_EQ(rec.household_id, "H1");
  EXPECT_EQ(rec.member_no, 3);
  EXPECT_EQ(rec.sex, Sex::kMale);
  EXPECT_EQ(rec.birth_date, Date(2012, 5, 29));
  EXPECT_EQ(rec.domicile->dotted(), "15.03.01.2001");
  EXPECT_EQ(rec.nik, "1702192905120001");
  EXPECT_EQ(rec.school, SchoolParticipation::kAttending);
  EXPECT_EQ(rec.has_birth_certificate, true);
  EXPECT_EQ(rec.dtsen_decile, 2);
  EXPECT_TRUE(rec.is_pkh());
  ASSERT_EQ(rec.problems.size(), 1u);
  EXPECT_EQ(rec.problems[0], ReportedProblem::kKekerasan);
}

TEST(RosterRecordTest, EveryBadFieldIsReportedWithFieldAndRule) {
  auto r =
      Validate("H 1,0,,3,2026-02-30,15.03.01.2999,3502027102019913,12,7,-1,2,x,11,P K H,hantu");
  EXPECT_FALSE(r.record.has_value());
  EXPECT_TRUE(HasError(r, "IDBDT", "roster.household_id"));
  EXPECT_TRUE(HasError(r, "NoUrutART", "roster.member_no"));
  EXPECT_TRUE(HasError(r, "Nama", "roster.name"));
  EXPECT_TRUE(HasError(r, "JnsKel", "roster.sex"));
  EXPECT_TRUE(HasError(r, "TglLahir", "date.invalid"));  // 30 February does not exist
  EXPECT_TRUE(HasError(r, "KdWilayah", "region.unknown"));
  EXPECT_TRUE(HasError(r, "NIK", "nik.date_invalid"));  // 31 February (libktpnik sample)
  EXPECT_TRUE(HasError(r, "NoKK", "kk.length"));
  EXPECT_TRUE(HasError(r, "Partisipasi_sekolah", "roster.school"));
  EXPECT_TRUE(HasError(r, "Jenis_cacat", "roster.disability"));
  EXPECT_TRUE(HasError(r, "Ada_akta_lahir", "roster.flag"));
  EXPECT_TRUE(HasError(r, "Pendamping_disabilitas", "roster.flag"));
  EXPECT_TRUE(HasError(r, "Desil", "roster.decile"));
  EXPECT_TRUE(HasError(r, "NoPesertaPKH", "roster.pkh_id"));
  EXPECT_TRUE(HasError(r, "Masalah", "roster.problem"));
  for (const auto& e : r.errors) EXPECT_EQ(e.line, 2u);
}

TEST(RosterRecordTest, DomicileMustBeAnExistingVillage) {
  auto regency = Validate("H1,1,Adi,1,2012-05-29,15.03,,,,,,,,,");
  EXPECT_TRUE(HasError(regency, "KdWilayah", "roster.region_level"));
  auto malformed = Validate("H1,1,Adi,1,2012-05-29,15-03-01,,,,,,,,,");
  EXPECT_TRUE(HasError(malformed, "KdWilayah", "region.format"));
  auto undotted = Validate("H1,1,Adi,1,2012-05-29,1503012001,,,,,,,,,");
  EXPECT_TRUE(undotted.record.has_value());
}

TEST(RosterRecordTest, BirthDateFormatsAndFuture) {
  auto dmy = Validate("H1,1,Adi,1,29-05-2012,15.03.01.2001,,,,,,,,,");
  ASSERT_TRUE(dmy.record.has_value());
  EXPECT_EQ(dmy.record->birth_date, Date(2012, 5, 29));
  auto future = Validate("H1,1,Adi,1,2026-11-29,15.03.01.2001,,,,,,,,,");
  EXPECT_TRUE(HasError(future, "TglLahir", "roster.future_birth"));
  auto zero = Validate("H1,1,Adi,1,0000-00-00,15.03.01.2001,,,,,,,,,");
  EXPECT_FALSE(zero.record.has_value());
}

TEST(RosterSampleTest, SampleIsReproducibleAndEveryRowValidates) {
  SampleOptions opt;
  opt.children = 400;
  opt.seed = 7;
  opt.reference_date = kRef;
  std::ostringstream a, b;
  auto sa = WriteSampleRoster(a, opt);
  auto sb = WriteSampleRoster(b, opt);
  ASSERT_TRUE(sa.ok());
  ASSERT_TRUE(sb.ok());
  EXPECT_EQ(a.str(), b.str());
  EXPECT_EQ(sa->children, 400u);

  opt.seed = 8;
  std::ostringstream c;
  ASSERT_TRUE(WriteSampleRoster(c, opt).ok());
  EXPECT_NE(a.str(), c.str());

  std::istringstream in(a.str());
  CsvReader reader(in);
  std::vector<std::string> fields;
  ASSERT_TRUE(reader.Next(fields));
  auto header = RosterHeader::FromFields(fields);
  ASSERT_TRUE(header.ok());
  std::uint64_t rows = 0, children = 0, with_nik = 0;
  while (reader.Next(fields)) {
    auto r = ValidateRosterRow(*header, fields, reader.record_line(), kRef);
    ASSERT_TRUE(r.record.has_value()) << "line " << reader.record_line() << ": "
                                      << r.errors[0].field << " " << r.errors[0].reason;
    ++rows;
    EXPECT_EQ(r.record->domicile->province_part(), 15);
    if (IsChildAt(r.record->birth_date, kRef)) {
      ++children;
      if (r.record->nik) ++with_nik;
    }
  }
  EXPECT_TRUE(reader.status().ok());
  EXPECT_EQ(rows, sa->rows);
  EXPECT_EQ(children, 400u);
  EXPECT_GT(with_nik, 300u);  // most children have a NIK, some do not
  EXPECT_LT(with_nik, 400u);
}

TEST(RosterSampleTest, UnknownProvinceAndBadCounts) {
  SampleOptions opt;
  opt.province = 10;
  std::ostringstream out;
  EXPECT_EQ(WriteSampleRoster(out, opt).status().reason(), "region.unknown");
  opt.province = 15;
  opt.children = 0;
  EXPECT_EQ(WriteSampleRoster(out, opt).status().reason(), "sample.children");
}

}  // namespace
}  // namespace atensi

namespace atensi {
namespace {

TEST(RosterJsonTest, RoundTripsExactly) {
  auto r = Validate(kGood);
  ASSERT_TRUE(r.record.has_value());
  auto j = RosterRecordToJson(*r.record);
  auto back = RosterRecordFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(RosterRecordToJson(*back), j);
  EXPECT_EQ(RosterKey(*back), "H1/3");
  j["sex"] = "X";
  EXPECT_EQ(RosterRecordFromJson(j).status().field(), "sex");
  EXPECT_FALSE(RosterRecordFromJson(nlohmann::json::array()).ok());
}

}  // namespace
}  // namespace atensi
