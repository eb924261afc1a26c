# Sourced by build/test.sh and build/demo.sh: installs the Debian packages the project runs against when they are
# missing (as root), or names them and fails (otherwise).

# Command -> Debian package that provides it.
declare -A OCIREG_DEBIAN_PACKAGES=(
  [docker-registry]=docker-registry
  [skopeo]=skopeo
  [umoci]=umoci
  [htpasswd]=apache2-utils
  [docker-credential-pass]=golang-docker-credential-helpers
  [pass]=pass
  [gpg]=gnupg
  # Independent codecs: the compression tests compress their inputs and read back ocireg's layers with them.
  [zstd]=zstd
  [xz]=xz-utils
  [bzip2]=bzip2
  [python3]=python3
  # Native AOT (dotnet publish of ocireg) compiles and links with clang.
  [clang]=clang
)

# File -> Debian package, for packages without a command (headers Native AOT links against).
declare -A OCIREG_DEBIAN_FILES=(
  [/usr/include/zlib.h]=zlib1g-dev
  # The sigstore tests check ocireg's keys and signatures with an independent implementation (Debian's python3).
  [/usr/lib/python3/dist-packages/nacl/__init__.py]=python3-nacl
  [/usr/lib/python3/dist-packages/cryptography/__init__.py]=python3-cryptography
)

ensure_debian_packages() {
  local missing=() cmd file
  for cmd in "${!OCIREG_DEBIAN_PACKAGES[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${OCIREG_DEBIAN_PACKAGES[$cmd]}")
  done
  for file in "${!OCIREG_DEBIAN_FILES[@]}"; do
    [ -e "$file" ] || missing+=("${OCIREG_DEBIAN_FILES[$file]}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
    return 1
  fi
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
