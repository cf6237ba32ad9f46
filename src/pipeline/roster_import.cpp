// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include <vector>

#include "atensi/kk.h"
#include "atensi/pipeline/roster_pipeline.h"
#include "atensi/roster/csv_reader.h"
#include "store/trusted_reads.h"  // system processing: de-duplication look-ups, staging

namespace atensi {
namespace {

std::string CsvEscape(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void Reject(std::ostream* rejects, std::uint64_t line, std::string_view field,
            std::string_view reason, std::string_view message) {
  if (rejects == nullptr) return;
  *rejects << line << ',' << CsvEscape(field) << ',' << CsvEscape(reason) << ','
           << CsvEscape(message) << '\n';
}

// Merges the roster's view of a child into the stored record: fields the
// roster carries are replaced; what the roster does not know (guardians,
// earlier KK periods) is kept.
Child Merge(const Child& stored, const Child& fresh) {
  Child out = stored;
  out.nik = fresh.nik ? fresh.nik : stored.nik;
  out.name = fresh.name;
  out.sex = fresh.sex;
  out.birth_date = fresh.birth_date;
  out.domicile_region = fresh.domicile_region;
  out.has_birth_certificate = fresh.has_birth_certificate;
  out.roster_key = fresh.roster_key;
  for (const FamilyLink& link : fresh.family_links) {
    bool found = false;
    for (FamilyLink& existing : out.family_links) {
      if (existing.kk_number == link.kk_number) {
        existing.pkh_participant_id = link.pkh_participant_id;
        existing.dtsen = link.dtsen;
        found = true;
      }
    }
    if (!found && out.family_links.empty()) out.family_links.push_back(link);
  }
  return out;
}

}  // namespace

Child ChildFromRoster(const RosterRecord& row, Date reference_date) {
  Child c;
  c.nik = row.nik;
  c.name = row.name;
  c.sex = row.sex;
  c.birth_date = row.birth_date;
  if (row.domicile) c.domicile_region = row.domicile->dotted();
  c.has_birth_certificate = row.has_birth_certificate;
  c.roster_key = RosterKey(row);
  if (row.kk) {
    FamilyLink link;
    link.kk_number = *row.kk;
    // The KK's recording date (DDMMYY in the number) starts the period; a
    // child born later joined the card at birth.
    ParsedKk kk = ParseKk(*row.kk, reference_date);
    Date from = kk.recorded_on ? *kk.recorded_on : row.birth_date;
    link.valid_from = from < row.birth_date ? row.birth_date : from;
    if (!row.pkh_participant_id.empty()) link.pkh_participant_id = row.pkh_participant_id;
    if (row.dtsen_decile) {
      link.dtsen = DtsenRecord{row.household_id, *row.dtsen_decile, reference_date};
    }
    c.family_links.push_back(std::move(link));
  }
  return c;
}

Result<ImportStats> ImportRoster(std::istream& in, Casebook& book, const Actor& actor,
                                 const ImportOptions& options, std::ostream* rejects,
                                 const ProgressFn& progress) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ImportStats stats;
  CsvReader reader(in);
  std::vector<std::string> fields;
  if (!reader.Next(fields)) {
    if (!reader.status().ok()) return reader.status();
    return InvalidArgument("roster.empty", "file", "the roster has no header line");
  }
  ATENSI_ASSIGN_OR_RETURN(RosterHeader header, RosterHeader::FromFields(fields));
  if (rejects != nullptr) *rejects << "line,field,reason,message\n";

  std::vector<RosterRecord> batch;
  batch.reserve(options.batch_rows);

  auto flush = [&]() -> Status {
    if (batch.empty()) return Status::Ok();
    std::vector<std::pair<std::uint64_t, Status>> row_errors;
    ImportStats delta;
    Status st = book.Batch([&]() -> Status {
      for (const RosterRecord& row : batch) {
        Child fresh = ChildFromRoster(row, options.reference_date);
        std::optional<Child> stored;
        if (row.nik) {
          ATENSI_ASSIGN_OR_RETURN(stored, internal::Trusted(book).FindChildByNik(*row.nik));
        }
        if (!stored) {
          ATENSI_ASSIGN_OR_RETURN(auto by_key,
                                  internal::Trusted(book).FindChildByRosterKey(*fresh.roster_key));
          if (by_key && row.nik && by_key->nik && *by_key->nik != *row.nik) {
            row_errors.emplace_back(
                row.line, AlreadyExists("roster.key_nik_mismatch", "NIK",
                                        "this household member is already stored with another "
                                        "NIK; correct the roster or the record"));
            continue;
          }
          stored = std::move(by_key);
        }
        // A refusal of this one row (invalid for the child record, NIK taken)
        // is a reject; anything else (storage) aborts the batch.
        auto row_refused = [](const Status& e) {
          return e.code() == StatusCode::kInvalidArgument ||
                 e.code() == StatusCode::kAlreadyExists ||
                 e.code() == StatusCode::kFailedPrecondition;
        };
        std::string child_id;
        if (stored) {
          Child merged = Merge(*stored, fresh);
          if (merged == *stored) {
            ++delta.children_unchanged;
            child_id = stored->id;
          } else {
            auto written = book.UpdateChild(merged, actor, "roster import");
            if (!written.ok()) {
              if (!row_refused(written.status())) return written.status();
              row_errors.emplace_back(row.line, written.status());
              continue;
            }
            ++delta.children_updated;
            child_id = written->id;
          }
        } else {
          auto written = book.RegisterChild(fresh, actor);
          if (!written.ok()) {
            if (!row_refused(written.status())) return written.status();
            row_errors.emplace_back(row.line, written.status());
            continue;
          }
          ++delta.children_new;
          child_id = written->id;
        }
        ATENSI_RETURN_IF_ERROR(
            internal::Trusted(book).PutRosterFacts(child_id, RosterRecordToJson(row)));
      }
      return Status::Ok();
    });
    if (!st.ok()) return st;
    for (const auto& [line, err] : row_errors) {
      Reject(rejects, line, err.field(), err.reason(), err.message());
    }
    stats.rejected += row_errors.size();
    stats.children_new += delta.children_new;
    stats.children_updated += delta.children_updated;
    stats.children_unchanged += delta.children_unchanged;
    ++stats.batches;
    batch.clear();
    return Status::Ok();
  };

  for (;;) {
    bool got = reader.Next(fields);
    if (!got && reader.status().ok()) break;
    ++stats.rows;
    if (!got) {
      const Status& e = reader.status();
      Reject(rejects, reader.record_line(), "", e.reason(), e.message());
      ++stats.rejected;
      continue;
    }
    RowResult r = ValidateRosterRow(header, fields, reader.record_line(), options.reference_date);
    if (!r.record) {
      for (const RowError& e : r.errors) Reject(rejects, e.line, e.field, e.reason, e.message);
      ++stats.rejected;
      continue;
    }
    if (!IsChildAt(r.record->birth_date, options.reference_date)) {
      ++stats.adults;  // UU 35/2014 art 1(1): not a child
      continue;
    }
    batch.push_back(std::move(*r.record));
    if (batch.size() >= options.batch_rows) {
      ATENSI_RETURN_IF_ERROR(flush());
      if (progress) progress(reader.bytes_read(), options.total_bytes);
    }
  }
  ATENSI_RETURN_IF_ERROR(flush());
  if (progress) progress(reader.bytes_read(), options.total_bytes);
  return stats;
}

}  // namespace atensi
