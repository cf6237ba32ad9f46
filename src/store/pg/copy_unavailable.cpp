// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The PostgreSQL end of CopyStore in a build without libpq (CMake option
// ATENSI_WITH_POSTGRES=OFF; compiled instead of pg_copy.cpp).

#include "store/store_copy.h"

namespace atensi::store {

Result<std::unique_ptr<CopyEnd>> OpenPgCopyEnd(const std::string& /*uri*/) {
  return Unsupported("store.pg_unavailable", "path",
                     "this atensi was built without the PostgreSQL backend "
                     "(configure with -DATENSI_WITH_POSTGRES=ON and libpq-dev installed)");
}

}  // namespace atensi::store
