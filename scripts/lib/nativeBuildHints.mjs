// What to tell a user whose native build failed, read off the build's output. Shared by the
// repository's bootstrap (cmake-js) and the install script of an installed package (plain cmake).

/** One sentence saying what is missing and how to install it, from a cmake/compiler log. */
export function nativeBuildHint(output) {
  if (/Could not find a package configuration file provided by "Eigen3"|Eigen3Config\.cmake|eigen3-config\.cmake/i.test(output)) {
    return 'CMake could not find Eigen 3.4; install it (Debian/Ubuntu: sudo apt-get install -y libeigen3-dev; Fedora: sudo dnf install eigen3-devel; macOS: brew install eigen).';
  }
  if (/CMake executable is not found|cmake: (command )?not found|spawn cmake ENOENT/i.test(output)) {
    return 'CMake is not installed; install cmake 3.15 or newer (Debian/Ubuntu: sudo apt-get install -y cmake).';
  }
  if (/No CMAKE_CXX_COMPILER could be found|CMAKE_CXX_COMPILER.*not.*found|c\+\+: (command )?not found|g\+\+: (command )?not found/i.test(output)) {
    return 'No C++ compiler was found; install g++ 12 or newer (Debian/Ubuntu: sudo apt-get install -y g++).';
  }
  if (/\berror:/.test(output)) {
    return 'The C++ compiler reported errors (the first ones are below); fix the code under native/ or CMakeLists.txt.';
  }
  return 'Make sure g++ (C++17), cmake 3.15+ and Eigen 3.4 are installed (Debian/Ubuntu: sudo apt-get install -y g++ cmake libeigen3-dev).';
}
