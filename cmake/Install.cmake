# Installation and the Debian package (CPack). `cmake --install BUILD --prefix P` installs:
#   bin/licmig, bin/iosxe-sim
#   share/man/man1/  licmig.1, licmig-COMMAND.1 per subcommand, iosxe-sim.1
#   share/bash-completion/completions/licmig, share/zsh/vendor-completions/_licmig
#   share/doc/licmig/  README.md and docs/*.md
# The manual pages and completion scripts are generated at build time by the binaries themselves
# (`--generate-docs`, docgen/docgen.hpp), so they list exactly the options the binaries accept.
# `cpack -G DEB` (scripts/package) turns the same tree into licmig_VERSION_ARCH.deb.
include(GNUInstallDirs)

set(LICMIG_GENERATED_DOCS ${PROJECT_BINARY_DIR}/generated-docs)
add_custom_command(
  OUTPUT ${LICMIG_GENERATED_DOCS}/stamp
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${LICMIG_GENERATED_DOCS}/man1
  COMMAND $<TARGET_FILE:licmig> --generate-docs man ${LICMIG_GENERATED_DOCS}/man1
  COMMAND $<TARGET_FILE:iosxe-sim> --generate-docs man ${LICMIG_GENERATED_DOCS}/man1
  COMMAND $<TARGET_FILE:licmig> --generate-docs bash > ${LICMIG_GENERATED_DOCS}/licmig.bash
  COMMAND $<TARGET_FILE:licmig> --generate-docs zsh > ${LICMIG_GENERATED_DOCS}/_licmig
  COMMAND ${CMAKE_COMMAND} -E touch ${LICMIG_GENERATED_DOCS}/stamp
  DEPENDS licmig iosxe-sim
  COMMENT "Generating manual pages and shell completion from the command definitions"
  VERBATIM)
add_custom_target(licmig_generated_docs ALL DEPENDS ${LICMIG_GENERATED_DOCS}/stamp)

install(TARGETS licmig iosxe-sim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${LICMIG_GENERATED_DOCS}/man1/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 FILES_MATCHING
        PATTERN "*.1")
install(FILES ${LICMIG_GENERATED_DOCS}/licmig.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME licmig)
install(FILES ${LICMIG_GENERATED_DOCS}/_licmig DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
file(GLOB LICMIG_DOC_FILES ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${LICMIG_DOC_FILES} DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME licmig)
set(CPACK_PACKAGE_VENDOR "licmig")
set(CPACK_PACKAGE_CONTACT "licmig maintainers <licmig@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "license state snapshot, check, plan and migration for Cisco IOS XE routers")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
       "licmig records the license state of Cisco IOS XE routers before an image upgrade, checks it against "
       "the vendor's license rules, plans the path to the target release and license mode, and applies it in "
       "waves, journaled and resumable. iosxe-sim, a fleet of simulated routers behind SSH, is its test bed.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # dpkg-shlibdeps: libssh, libyaml-cpp, ... from the binaries
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "openssh-client, ansible-core")
set(CPACK_PACKAGE_INSTALL_DIRECTORY licmig)
set(CPACK_STRIP_FILES ON)
include(CPack)
