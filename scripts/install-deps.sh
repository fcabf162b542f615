#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the kernel needs, with apt-get (through sudo when not root).
#
#   scripts/install-deps.sh notebooks   JDK 17+ and Maven (when missing), jupyter_client, nbclient, nbconvert,
#                                       OpenBLAS (the CPU GEMM of %gpu; without it the kernel uses a slower Java one)
#   scripts/install-deps.sh tests       all of that plus what the test suites use (pytest, jupyter_kernel_test,
#                                       ipykernel as the reference kernel, Chromium + Selenium + jupyter-notebook,
#                                       Node.js + npm for tests/jupyterlab when node is missing)
set -euo pipefail

profile="${1:-notebooks}"
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [[ $(id -u) != 0 ]]; then SUDO="sudo"; fi

packages=(python3-jupyter-client python3-nbclient python3-nbconvert python3-nbformat python3-zmq libopenblas0-pthread)
case "$profile" in
  notebooks) ;;
  tests)
    packages+=(python3-jupyter-kernel-test python3-pytest python3-ipykernel
               chromium chromium-driver python3-selenium jupyter-notebook)
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi
    ;;
  *) echo "install-deps.sh: unknown profile '$profile' (notebooks or tests)" >&2; exit 2 ;;
esac
# JDK 17+ and Maven: only when the machine does not have them already.
if ! command -v javac >/dev/null 2>&1; then packages+=(openjdk-17-jdk-headless); fi
if ! command -v mvn >/dev/null 2>&1; then packages+=(maven); fi

$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${packages[@]}"
