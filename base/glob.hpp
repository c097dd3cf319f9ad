// The one wildcard matcher: shell-style patterns for host names (inventory `--limit`, ssh_config
// `Host`) and router prompts (the dialog table). Each caller names the syntax it speaks, so a `?` or
// `[` in a router prompt stays literal while an inventory pattern treats them as wildcards.
//
// Thread-safety: pure function.
#pragma once

#include <string_view>

namespace licmig::base {

struct GlobSyntax {
  bool any_char = true;      // `?` matches one character
  bool char_sets = false;    // `[abc]`, `[a-z]`, `[!x]`; a `[` without its `]` is literal
  bool ignore_case = false;  // ASCII letters compare without case
};

// Whether `text` matches `pattern` as a whole. `*` matches any run of characters, including none.
// Iterative with one backtracking point (the last `*`): O(pattern x text) at worst, no recursion.
bool glob_match(std::string_view pattern, std::string_view text, GlobSyntax syntax = {});

}  // namespace licmig::base
