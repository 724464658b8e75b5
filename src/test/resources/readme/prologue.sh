# Put before the README's shell blocks by ShellRun (dev.laurel.readme); the blocks follow in one bash.
set -euo pipefail
shopt -s inherit_errexit
trap 'README_STATUS=$?; echo "README_FAILED line=$LINENO status=$README_STATUS" >&2' ERR

# curl as the README calls it, with one rule added: an answer of 400 or more fails the command (as with
# --fail-with-body, the answer still printed), unless the call shows its status (-i, --include) and the
# block states that status in a comment ("# 409 ..."), which is how the README shows a refusal.
curl() {
  local include=false arg answer status rc
  for arg in "$@"; do
    case "$arg" in
      --include) include=true ;;
      --*) ;;
      -*i*) include=true ;;
    esac
  done
  answer=$(mktemp)
  rc=0
  status=$(command curl --write-out '%{http_code}' --output "$answer" "$@") || rc=$?
  cat "$answer"
  if [ "$rc" -eq 0 ] && [ "$status" -ge 400 ] && ! { $include && [[ " $README_STATUSES " == *" $status "* ]]; }; then
    rc=22
    echo "README_CURL HTTP $status: curl $*" >&2
  elif [ "$rc" -ne 0 ]; then
    echo "README_CURL curl failed (exit $rc): curl $*" >&2
  fi
  if [ "$rc" -ne 0 ]; then
    { cat "$answer"; echo; } >&2
  fi
  rm -f "$answer"
  return "$rc"
}
