// Host patterns (`--limit`) with Ansible's meaning: host or group names, shell wildcards (`*`, `?`,
// `[abc]`), `all`, unions `a:b` / `a,b`, exclusions `a:!b` and intersections `a:&b`. Plain patterns
// are applied first, then `&`, then `!`; a pattern of only `!`/`&` terms starts from `all`.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "inventory/inventory.hpp"

namespace licmig::inventory {

// Splits a limit into its terms: on ',' when there is one, else on ':' outside [...].
std::vector<std::string> split_host_pattern(std::string_view limit);

// The hosts `limit` selects, in inventory order. An empty limit selects every host. Fails
// (invalid_input) naming a term that matches no host or group, or when nothing is left.
Result<std::vector<const Host *>> select_hosts(const Inventory &inventory, std::string_view limit);

}  // namespace licmig::inventory
