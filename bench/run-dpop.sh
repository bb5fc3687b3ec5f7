#!/usr/bin/env bash
# Measures DPoP proof verification throughput, BouncyCastle against SunEC in the same run.
# Writes bench/results/dpop-verify.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/env.sh
pick_java
./mvnw -B -q -o -pl common -am package -DskipTests
repo=${MAVEN_REPO:-$HOME/.m2/repository}
version() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml; }
nimbus="$repo/com/nimbusds/nimbus-jose-jwt/$(version nimbus-jose.version)/nimbus-jose-jwt-$(version nimbus-jose.version).jar"
bc="$repo/org/bouncycastle/bcprov-jdk18on/$(version bouncycastle.version)/bcprov-jdk18on-$(version bouncycastle.version).jar"
for jar in "$nimbus" "$bc"; do
  [ -f "$jar" ] || { echo "error: $jar is missing; build the project once online (./mvnw -pl common -am package)" >&2; exit 1; }
done
java -cp "common/target/classes:$nimbus:$bc" bench/src/DpopVerifyBench.java bench/results/dpop-verify.txt
