#include "snapshot/parsers.hpp"

namespace licmig::snapshot {

Parsed<CallHome> parse_show_call_home_profile_all(std::string_view) { return Parsed<CallHome>::not_this("parser not written yet"); }

}  // namespace licmig::snapshot
