# Install layout and the Debian package (`make package`, CPack DEB generator).
# The install tree is what docker/Dockerfile copies and what tests/ops/test_install_tree.sh runs:
#   bin/cloudlife, share/doc/cloudlife/{README.md,LICENSE,*.md}, share/cloudlife/python/ (the
#   Python package as python/ holds it: `pip install /usr/share/cloudlife/python` works).

include(GNUInstallDirs)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}
        FILES_MATCHING PATTERN "*.md")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/python/ DESTINATION ${CMAKE_INSTALL_DATADIR}/cloudlife/python
        FILES_MATCHING PATTERN "*.py" PATTERN "py.typed" PATTERN "pyproject.toml" PATTERN "__pycache__" EXCLUDE)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME cloudlife)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "cloudlife")
set(CPACK_PACKAGE_CONTACT "cloudlife maintainers <cloudlife@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Emulator of the AWS EC2, AWS Auto Scaling and Alibaba Cloud ECS instance-lifecycle APIs")
set(CPACK_PACKAGE_INSTALL_DIRECTORY cloudlife)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/cloudlife/cloudlife")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "cloudlife serves the EC2 Query, Auto Scaling Query and Alibaba ECS RPC APIs on one port,\n with a virtual clock, timing profiles and fault injection, for integration tests and CI.")
# Depends from the binary's own shared-library needs when dpkg-shlibdeps is there (Debian), else
# the Debian 12 runtime packages it links against.
find_program(DPKG_SHLIBDEPS dpkg-shlibdeps)
# tzdata: Auto Scaling's scheduled actions with a TimeZone read /usr/share/zoneinfo.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "tzdata")
if(DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "libc6 (>= 2.36), libstdc++6 (>= 12), libgcc-s1, libspdlog1.10, libfmt9, libssl3")
endif()
include(CPack)
