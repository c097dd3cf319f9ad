#include "snapshot/parsers.hpp"

namespace licmig::snapshot {

Parsed<BootVar> parse_show_bootvar(std::string_view) { return Parsed<BootVar>::not_this("parser not written yet"); }

}  // namespace licmig::snapshot
