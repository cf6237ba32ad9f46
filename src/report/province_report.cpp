// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/report/province_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

namespace atensi {
namespace {

constexpr int kWibMinutes = 7 * 60;

const Stage kStages[] = {Stage::kIntake,      Stage::kEmergency,    Stage::kAssessment,
                         Stage::kPlanning,    Stage::kIntervention, Stage::kReintegration,
                         Stage::kTermination, Stage::kAftercare,    Stage::kReferredOut,
                         Stage::kClosed};

// One colour per stage, colour-blind-safe-ish ordering (Okabe-Ito based).
const char* kStageColours[] = {"#56B4E9", "#D55E00", "#E69F00", "#F0E442", "#009E73",
                               "#0072B2", "#CC79A7", "#999999", "#7F3C8D", "#444444"};

std::string RegencyName(RegionCode code) {
  auto r = RegionTable::Official().Find(code);
  return r ? std::string(r->name) : code.dotted();
}

std::string Fmt(std::uint64_t v) {
  std::string s = std::to_string(v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
    s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string Local(Instant t) {
  std::string s = FormatInstant(t.PlusMillis(std::int64_t{kWibMinutes} * 60'000));
  return s.substr(0, 10) + " " + s.substr(11, 5) + " WIB";
}

std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Pad(std::string s, std::size_t width, bool right = false) {
  if (s.size() >= width) return s;
  std::string pad(width - s.size(), ' ');
  return right ? pad + s : s + pad;
}

// Regencies in code order with their per-stage counts.
struct CaseloadMatrix {
  std::vector<RegionCode> regencies;
  std::map<std::uint64_t, std::map<Stage, std::uint64_t>> cells;
  std::map<std::uint64_t, std::uint64_t> totals;
};

CaseloadMatrix Matrix(const ProvinceReport& r) {
  CaseloadMatrix m;
  std::set<RegionCode> seen;
  for (const auto& c : r.caseload) {
    seen.insert(c.regency);
    m.cells[c.regency.packed()][c.stage] += c.cases;
    m.totals[c.regency.packed()] += c.cases;
  }
  m.regencies.assign(seen.begin(), seen.end());
  return m;
}

std::string ShortId(const std::string& id) { return id.size() > 8 ? id.substr(0, 8) : id; }

// The trend from the first month with any activity (at least the last month):
// months before atensi held any case are noise, not a trend.
std::vector<MonthTrend> ActiveTrend(const std::vector<MonthTrend>& trend) {
  std::size_t first = 0;
  while (first + 1 < trend.size() && trend[first].opened == 0 && trend[first].closed == 0 &&
         trend[first].open_at_end == 0) {
    ++first;
  }
  return {trend.begin() + static_cast<std::ptrdiff_t>(first), trend.end()};
}

}  // namespace

std::optional<double> Median(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), mid, values.end());
  double hi = *mid;
  if (values.size() % 2 == 1) return hi;
  double lo = *std::max_element(values.begin(), mid);
  return (lo + hi) / 2.0;
}

nlohmann::json ReportToJson(const ProvinceReport& r) {
  using nlohmann::json;
  json caseload = json::array();
  for (const auto& c : r.caseload) {
    caseload.push_back({{"regency", c.regency.dotted()},
                        {"regency_name", RegencyName(c.regency)},
                        {"stage", std::string(Name(c.stage))},
                        {"cases", c.cases}});
  }
  json categories = json::array();
  for (const auto& c : r.categories) {
    categories.push_back(
        {{"regency", c.regency.dotted()}, {"category", c.category}, {"cases", c.cases}});
  }
  json referrals = json::array();
  for (const auto& a : r.referrals) {
    auto rate = a.acceptance_rate();
    referrals.push_back(
        {{"agency_id", a.agency_id},
         {"agency_name", a.agency_name},
         {"by_status", a.by_status},
         {"answered", a.answered},
         {"accepted", a.accepted},
         {"acceptance_rate", rate ? json(*rate) : json(nullptr)},
         {"median_response_hours",
          a.median_response_hours ? json(*a.median_response_hours) : json(nullptr)}});
  }
  json oldest = json::array();
  for (const auto& o : r.overdue_oldest) {
    oldest.push_back({{"case_id", o.case_id},
                      {"regency", o.regency.dotted()},
                      {"step", o.step},
                      {"due_at", FormatInstant(o.due_at)},
                      {"risk", std::string(Name(o.risk))}});
  }
  json trend = json::array();
  for (const auto& t : r.trend) {
    trend.push_back({{"month", t.month},
                     {"opened", t.opened},
                     {"closed", t.closed},
                     {"open_at_end", t.open_at_end}});
  }
  return {
      {"province", r.province.dotted()},
      {"province_name", r.province_name},
      {"generated_at", FormatInstant(r.generated_at)},
      {"children", r.children},
      {"cases_total", r.cases_total},
      {"cases_open", r.cases_open},
      {"caseload", caseload},
      {"categories", categories},
      {"referrals", referrals},
      {"overdue", {{"total", r.overdue_total}, {"by_step", r.overdue_by_step}, {"oldest", oldest}}},
      {"trend", trend}};
}

std::string ReportToText(const ProvinceReport& r) {
  std::ostringstream o;
  o << "ATENSI child caseload report: " << r.province_name << " (" << r.province.dotted() << ")\n"
    << "generated " << Local(r.generated_at) << "\n\n"
    << "children on record: " << Fmt(r.children) << "   cases: " << Fmt(r.cases_total)
    << "   open: " << Fmt(r.cases_open) << "   overdue items: " << Fmt(r.overdue_total) << "\n";

  if (!r.trend.empty()) {
    o << "\nTrend (the goal is fewer child problems)\n"
      << "  month      new   closed   open at month end\n";
    for (const auto& t : ActiveTrend(r.trend)) {
      o << "  " << t.month << Pad(Fmt(t.opened), 8, true) << Pad(Fmt(t.closed), 9, true)
        << Pad(Fmt(t.open_at_end), 20, true) << "\n";
    }
  }

  CaseloadMatrix m = Matrix(r);
  if (!m.regencies.empty()) {
    o << "\nCaseload by regency/city and stage\n  " << Pad("regency/city", 32);
    const char* abbrev[] = {"intake", "emerg", "assess", "plan",   "interv",
                            "reint",  "term",  "after",  "refout", "closed"};
    for (const char* a : abbrev) o << Pad(a, 8, true);
    o << Pad("total", 9, true) << "\n";
    for (RegionCode reg : m.regencies) {
      o << "  " << Pad(RegencyName(reg).substr(0, 31), 32);
      for (Stage s : kStages) {
        auto it = m.cells[reg.packed()].find(s);
        o << Pad(it == m.cells[reg.packed()].end() ? "." : Fmt(it->second), 8, true);
      }
      o << Pad(Fmt(m.totals[reg.packed()]), 9, true) << "\n";
    }
  }

  if (!r.categories.empty()) {
    std::map<std::string, std::uint64_t> by_cat;
    for (const auto& c : r.categories) by_cat[c.category] += c.cases;
    std::vector<std::pair<std::string, std::uint64_t>> sorted(by_cat.begin(), by_cat.end());
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.second > b.second; });
    o << "\nCases by category (a case can have several)\n";
    for (const auto& [cat, n] : sorted) o << "  " << Pad(cat, 36) << Pad(Fmt(n), 9, true) << "\n";
  }

  if (!r.referrals.empty()) {
    o << "\nReferrals by receiving agency (drafts wait for a guardian's consent to sharing, "
         "UU 27/2022 art 25)\n  "
      << Pad("agency", 44) << Pad("total", 8, true) << Pad("drafts", 8, true)
      << Pad("sent", 7, true) << Pad("accepted", 10, true) << Pad("rate", 7, true)
      << Pad("median h", 10, true) << "\n";
    for (const auto& a : r.referrals) {
      std::uint64_t total = 0;
      for (const auto& [s, n] : a.by_status) total += n;
      auto rate = a.acceptance_rate();
      auto draft_it = a.by_status.find("draft");
      std::uint64_t drafts = draft_it == a.by_status.end() ? 0 : draft_it->second;
      o << "  " << Pad(a.agency_name.substr(0, 43), 44) << Pad(Fmt(total), 8, true)
        << Pad(Fmt(drafts), 8, true) << Pad(Fmt(total - drafts), 7, true)
        << Pad(Fmt(a.accepted), 10, true)
        << Pad(rate ? Fixed(*rate * 100.0, 0) + "%" : "-", 7, true)
        << Pad(a.median_response_hours ? Fixed(*a.median_response_hours, 1) : "-", 10, true)
        << "\n";
    }
  }

  o << "\nOverdue: " << Fmt(r.overdue_total) << " items";
  if (!r.overdue_by_step.empty()) {
    o << " (";
    bool first = true;
    for (const auto& [step, n] : r.overdue_by_step) {
      o << (first ? "" : ", ") << step << " " << Fmt(n);
      first = false;
    }
    o << ")";
  }
  o << "\n";
  for (const auto& item : r.overdue_oldest) {
    o << "  case " << ShortId(item.case_id) << "  "
      << Pad(RegencyName(item.regency).substr(0, 30), 31) << Pad(item.step, 18) << " due "
      << Local(item.due_at) << "  risk " << Name(item.risk) << "\n";
  }
  return o.str();
}

std::string ReportToHtml(const ProvinceReport& r) {
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    << "<title>ATENSI report: " << Escape(r.province_name) << "</title><style>"
    << "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px;"
       "color:#1b1b1b;background:#fafafa;max-width:1100px}"
    << "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}"
    << ".sub{color:#555;font-size:13px}.tiles{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}"
    << ".tile{background:#fff;border:1px solid #ddd;border-radius:8px;padding:10px "
       "16px;min-width:140px}"
    << ".tile b{display:block;font-size:24px}.tile span{font-size:12px;color:#555}"
    << "table{border-collapse:collapse;background:#fff;font-size:13px}"
    << "td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}"
    << "th:first-child,td:first-child{text-align:left}svg{background:#fff;border:1px solid #ddd;"
       "border-radius:8px}.legend span{display:inline-block;margin-right:12px;font-size:12px}"
    << ".sw{display:inline-block;width:10px;height:10px;margin-right:4px}</style></head><body>\n";
  h << "<h1>ATENSI child caseload: " << Escape(r.province_name) << " ("
    << Escape(r.province.dotted()) << ")</h1>\n<div class=\"sub\">Generated "
    << Escape(Local(r.generated_at))
    << ". Aggregates only: no names or identity numbers (UU 27/2022; UU 35/2014 art 64).</div>\n";
  h << "<div class=\"tiles\">";
  auto tile = [&](const std::string& v, const char* label) {
    h << "<div class=\"tile\"><b>" << Escape(v) << "</b><span>" << label << "</span></div>";
  };
  tile(Fmt(r.children), "children on record");
  tile(Fmt(r.cases_total), "cases");
  tile(Fmt(r.cases_open), "open cases");
  tile(Fmt(r.overdue_total), "overdue items");
  h << "</div>\n";

  // Trend: bars of new cases, line of open cases at month end.
  h << "<h2>Trend: new and open cases by month</h2>\n";
  {
    const std::vector<MonthTrend> trend = ActiveTrend(r.trend);
    const int w = 900, hgt = 260, left = 60, bottom = 40, top = 20;
    std::uint64_t max_v = 1;
    for (const auto& t : trend) max_v = std::max({max_v, t.opened, t.open_at_end});
    const double plot_w = w - left - 20, plot_h = hgt - bottom - top;
    const double step = trend.empty() ? plot_w : plot_w / static_cast<double>(trend.size());
    h << "<svg id=\"chart-trend\" class=\"chart\" width=\"" << w << "\" height=\"" << hgt
      << "\" viewBox=\"0 0 " << w << " " << hgt << "\" role=\"img\" aria-label=\"trend chart\">";
    for (int g = 0; g <= 4; ++g) {
      double y = top + plot_h - plot_h * g / 4.0;
      h << "<line x1=\"" << left << "\" x2=\"" << w - 20 << "\" y1=\"" << Fixed(y, 1) << "\" y2=\""
        << Fixed(y, 1) << "\" stroke=\"#eee\"/><text x=\"" << left - 6 << "\" y=\""
        << Fixed(y + 4, 1) << "\" font-size=\"11\" text-anchor=\"end\">"
        << Fmt(static_cast<std::uint64_t>(std::llround(static_cast<double>(max_v) * g / 4.0)))
        << "</text>";
    }
    std::string line, markers;
    for (std::size_t i = 0; i < trend.size(); ++i) {
      const auto& t = trend[i];
      double x = left + step * static_cast<double>(i);
      double bh = plot_h * static_cast<double>(t.opened) / static_cast<double>(max_v);
      h << "<rect class=\"bar-new\" x=\"" << Fixed(x + step * 0.2, 1) << "\" y=\""
        << Fixed(top + plot_h - bh, 1) << "\" width=\"" << Fixed(step * 0.6, 1) << "\" height=\""
        << Fixed(bh, 1) << "\" fill=\"#7FA7D9\"><title>" << Escape(t.month) << ": " << t.opened
        << " new</title></rect>";
      double ly =
          top + plot_h - plot_h * static_cast<double>(t.open_at_end) / static_cast<double>(max_v);
      line += (line.empty() ? "" : " ") + Fixed(x + step * 0.5, 1) + "," + Fixed(ly, 1);
      markers += "<circle class=\"point-open\" cx=\"" + Fixed(x + step * 0.5, 1) + "\" cy=\"" +
                 Fixed(ly, 1) + "\" r=\"6\" fill=\"#B2182B\"><title>" + Escape(t.month) + ": " +
                 std::to_string(t.open_at_end) + " open</title></circle>";
      h << "<text x=\"" << Fixed(x + step * 0.5, 1) << "\" y=\"" << hgt - bottom + 16
        << "\" font-size=\"11\" text-anchor=\"middle\">" << Escape(t.month) << "</text>";
    }
    if (!line.empty()) {
      h << "<polyline class=\"line-open\" points=\"" << line
        << "\" fill=\"none\" stroke=\"#B2182B\" stroke-width=\"3\"/>";
    }
    h << markers;
    h << "</svg>\n<div class=\"legend\"><span><i class=\"sw\" style=\"background:#7FA7D9\"></i>new "
         "cases</span><span><i class=\"sw\" style=\"background:#B2182B\"></i>open at month "
         "end</span></div>\n";
  }

  // Caseload: one stacked horizontal bar per regency.
  CaseloadMatrix m = Matrix(r);
  h << "<h2>Caseload by regency/city and stage</h2>\n";
  {
    const int w = 900, row_h = 26, left = 230, top = 10;
    const int hgt =
        top + row_h * static_cast<int>(std::max<std::size_t>(m.regencies.size(), 1)) + 10;
    std::uint64_t max_total = 1;
    for (const auto& [k, v] : m.totals) max_total = std::max(max_total, v);
    const double plot_w = w - left - 60;
    h << "<svg id=\"chart-caseload\" class=\"chart\" width=\"" << w << "\" height=\"" << hgt
      << "\" viewBox=\"0 0 " << w << " " << hgt << "\" role=\"img\" aria-label=\"caseload chart\">";
    for (std::size_t i = 0; i < m.regencies.size(); ++i) {
      RegionCode reg = m.regencies[i];
      double y = top + row_h * static_cast<double>(i);
      h << "<text x=\"" << left - 8 << "\" y=\"" << Fixed(y + 17, 1)
        << "\" font-size=\"12\" text-anchor=\"end\">" << Escape(RegencyName(reg)) << "</text>";
      double x = left;
      for (std::size_t s = 0; s < std::size(kStages); ++s) {
        auto it = m.cells[reg.packed()].find(kStages[s]);
        if (it == m.cells[reg.packed()].end() || it->second == 0) continue;
        double bw = plot_w * static_cast<double>(it->second) / static_cast<double>(max_total);
        h << "<rect class=\"bar-stage\" x=\"" << Fixed(x, 1) << "\" y=\"" << Fixed(y + 4, 1)
          << "\" width=\"" << Fixed(bw, 1) << "\" height=\"" << row_h - 8 << "\" fill=\""
          << kStageColours[s] << "\"><title>" << Escape(RegencyName(reg)) << ", "
          << Name(kStages[s]) << ": " << it->second << "</title></rect>";
        x += bw;
      }
      h << "<text x=\"" << Fixed(x + 6, 1) << "\" y=\"" << Fixed(y + 17, 1)
        << "\" font-size=\"11\">" << Fmt(m.totals[reg.packed()]) << "</text>";
    }
    h << "</svg>\n<div class=\"legend\">";
    for (std::size_t s = 0; s < std::size(kStages); ++s) {
      h << "<span><i class=\"sw\" style=\"background:" << kStageColours[s] << "\"></i>"
        << Name(kStages[s]) << "</span>";
    }
    h << "</div>\n";
  }

  h << "<h2>Referrals by receiving agency</h2>\n<table><tr><th>agency</th><th>total</th>"
       "<th>accepted</th><th>acceptance</th><th>median response (h)</th><th>by status</th></tr>\n";
  for (const auto& a : r.referrals) {
    std::uint64_t total = 0;
    std::string statuses;
    for (const auto& [s, n] : a.by_status) {
      total += n;
      statuses += (statuses.empty() ? "" : ", ") + s + " " + Fmt(n);
    }
    auto rate = a.acceptance_rate();
    h << "<tr><td>" << Escape(a.agency_name) << "</td><td>" << Fmt(total) << "</td><td>"
      << Fmt(a.accepted) << "</td><td>";
    if (rate) {
      h << "<svg class=\"rate\" width=\"60\" height=\"10\"><rect width=\"60\" height=\"10\" "
           "fill=\"#eee\"/><rect width=\""
        << Fixed(60.0 * *rate, 1) << "\" height=\"10\" fill=\"#009E73\"/></svg> "
        << Fixed(*rate * 100.0, 0) << "%";
    } else {
      h << "-";
    }
    h << "</td><td>" << (a.median_response_hours ? Fixed(*a.median_response_hours, 1) : "-")
      << "</td><td>" << Escape(statuses) << "</td></tr>\n";
  }
  h << "</table>\n";

  h << "<h2>Overdue (" << Fmt(r.overdue_total)
    << ")</h2>\n<table><tr><th>case</th>"
       "<th>regency/city</th><th>step</th><th>due</th><th>risk</th></tr>\n";
  for (const auto& o : r.overdue_oldest) {
    h << "<tr><td>" << Escape(ShortId(o.case_id)) << "</td><td>" << Escape(RegencyName(o.regency))
      << "</td><td>" << Escape(o.step) << "</td><td>" << Escape(Local(o.due_at)) << "</td><td>"
      << Name(o.risk) << "</td></tr>\n";
  }
  h << "</table>\n</body></html>\n";
  return h.str();
}

}  // namespace atensi
