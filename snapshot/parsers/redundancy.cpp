#include "snapshot/parsers.hpp"

namespace licmig::snapshot {

Parsed<Redundancy> parse_show_redundancy(std::string_view) { return Parsed<Redundancy>::not_this("parser not written yet"); }
Parsed<Redundancy> parse_show_redundancy_states(std::string_view) { return Parsed<Redundancy>::not_this("parser not written yet"); }

}  // namespace licmig::snapshot
