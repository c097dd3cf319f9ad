#include "snapshot/parsers.hpp"

namespace licmig::snapshot {

Parsed<RunningConfig> parse_show_running_config(std::string_view) { return Parsed<RunningConfig>::not_this("parser not written yet"); }

}  // namespace licmig::snapshot
