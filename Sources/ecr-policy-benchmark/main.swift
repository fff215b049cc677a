import Dispatch
import Foundation
import PolicyAudit
import PolicyCommand
import PolicyEvaluation
import PolicyModel
import PolicyReporting
import PolicySyntax

// Benchmarks for the speed targets: `.build/release/ecr-policy-benchmark [COUNT] [--corpus DIR]`, built as README says
// ("Benchmark"), with the statically linked ecr-policy executable beside it.
// Figures are wall-clock medians of several runs on this machine; they go into the notes, never into tests.
// By default the directory holds the bundled examples with varied accounts; `--corpus DIR` fills it with the
// *.json files of DIR instead (such as ../shared/corpus/real), repeated in turn up to COUNT.

func measure(_ label: String, runs: Int = 5, _ body: () -> Void) -> Double {
  var timings: [Double] = []
  for _ in 0..<runs {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    timings.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
  }
  let median = timings.sorted()[timings.count / 2]
  let padded = label.padding(toLength: 60, withPad: " ", startingAt: 0)
  print(padded + String(format: "%10.3f ms (median of %d)", median, runs))
  return median
}

/// CPU time (user and system) of the waited-for child processes so far.
func childrenCPUSeconds() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_CHILDREN.rawValue, &usage)
  func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
  return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Like ``measure(_:runs:_:)`` for a body that runs one child process; also prints the median CPU time (user and
/// system) the child took, which other load on the machine disturbs far less than wall time.
func measureProcess(_ label: String, runs: Int = 5, _ body: () -> Void) -> (wall: Double, cpu: Double) {
  var cpuTimes: [Double] = []
  let wall = measure(label, runs: runs) {
    let before = childrenCPUSeconds()
    body()
    cpuTimes.append((childrenCPUSeconds() - before) * 1000)
  }
  let cpu = cpuTimes.sorted()[cpuTimes.count / 2]
  print(
    "  CPU time (user + system)".padding(toLength: 60, withPad: " ", startingAt: 0) + String(format: "%10.3f ms", cpu)
  )
  return (wall, cpu)
}

let options = Array(CommandLine.arguments.dropFirst())
let count = options.first.flatMap(Int.init) ?? 10_000
let corpusDirectory = options.firstIndex(of: "--corpus").flatMap {
  options.indices.contains($0 + 1) ? options[$0 + 1] : nil
}

// 1. The glob matcher's worst cases: linear in practice, never exponential.
let manyStars = String(repeating: "*a", count: 100)
let longText = String(repeating: "a", count: 100_000) + "b"
_ = measure("glob: 100 × '*a' against 100,000 'a' + 'b'") {
  precondition(!Glob.matches(pattern: manyStars, text: longText, caseSensitive: true))
}
_ = measure("glob: same, ignoring case") {
  precondition(!Glob.matches(pattern: manyStars, text: longText, caseSensitive: false))
}

// 2. A directory of policies shaped like real ones (the bundled examples with varied accounts and Sids).
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecr-policy-bench-\(count)")
let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("Policies")
let templates = try FileManager.default.contentsOfDirectory(atPath: examples.path)
  .filter { $0.hasSuffix(".json") && !$0.hasPrefix("invalid-") }
  .sorted()
  .map { try String(contentsOf: examples.appendingPathComponent($0), encoding: .utf8) }
try? FileManager.default.removeItem(at: directory)
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
var totalBytes = 0
let corpusFiles: [String]? = try corpusDirectory.map { folder in
  try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
    .map { try String(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent($0), encoding: .utf8) }
}
precondition(corpusFiles?.isEmpty != true, "--corpus: no *.json files in \(corpusDirectory ?? "")")
for index in 0..<count {
  let text: String
  if let corpusFiles {
    text = corpusFiles[index % corpusFiles.count]
  } else {
    let account = String(format: "%012d", 100_000_000_000 + index)
    text = templates[index % templates.count]
      .replacingOccurrences(of: "123456789012", with: account)
      .replacingOccurrences(of: "CrossAccountPermission", with: "CrossAccountPermission\(index)")
  }
  totalBytes += text.utf8.count
  let folder = directory.appendingPathComponent(String(format: "%03d", index % 100))
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  try Data(text.utf8).write(to: folder.appendingPathComponent("policy-\(index).json"))
}
print("corpus: \(count) policies, \(totalBytes) bytes in \(directory.path)")
// The files were just written: flush them to disk first, so that no run is timed while the kernel writes them back.
sync()

let context = CommandContext(readStandardInput: { [] })
let validateTime = measure("validate \(count) policies (in-process, all cores)") {
  let result = CommandLineTool.run(["validate", "--format", "json", directory.path], context: context)
  // Real policies have findings (exit 1); only a usage or I/O error (exit 2) means the run went wrong.
  precondition(result.exitCode != 2, result.stderr)
}

let auditTime = measure("audit \(count) policies (in-process, all cores)") {
  let result = CommandLineTool.run(["audit", "--format", "json", directory.path], context: context)
  precondition(result.exitCode != 2, result.stderr)
}

// Where the time of one audit goes, stage by stage, on one core: each stage runs over every file before the
// next starts, so its median is its own cost (the files are read into memory first).
let allBytes: [[UInt8]] = try FileManager.default.subpathsOfDirectory(atPath: directory.path)
  .filter { $0.hasSuffix(".json") }.sorted()
  .map { Array(try Data(contentsOf: directory.appendingPathComponent($0))) }
_ = measure("  stage: JSON syntax of every file (one core)") {
  for bytes in allBytes { _ = try? JSONReader.parse(bytes) }
}
_ = measure("  stage: JSON + policy model, each released at once (one core)") {
  for bytes in allBytes { _ = PolicyFile(path: "p.json", bytes: bytes) }
}
var files: [PolicyFile] = []
_ = measure("  stage: JSON + policy model (one core)") {
  files = allBytes.map { PolicyFile(path: "p.json", bytes: $0) }
}
let stageAuditor = Auditor(intent: AuditIntent())
var reports: [AuditReport] = []
_ = measure("  stage: audit of the models (one core)") { reports = files.map { stageAuditor.audit($0) } }
_ = measure("  stage: text rendering (one core)") { for report in reports { _ = AuditReporters.textParts(report) } }
_ = measure("  stage: JSON rendering (one core)") { for report in reports { _ = AuditReporters.jsonFile(report) } }
_ = measure("  stage: releasing reports and models (one core)", runs: 1) {
  reports = []
  files = []
}

// 3. The command as users run it: the built executable, a new process per run (startup and output included).
let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  .appendingPathComponent("ecr-policy").path
/// Runs the executable with output to /dev/null and waits for it: posix_spawn and waitpid, because Foundation's
/// Process adds tens of milliseconds of its own to every run.
func runExecutable(_ arguments: [String]) {
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  let argv = ([executable] + arguments).map { strdup($0) } + [nil]
  defer { for argument in argv { free(argument) } }
  var pid = pid_t()
  guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return }
  var status: Int32 = 0
  waitpid(pid, &status, 0)
}
var processAuditTime: Double?
if FileManager.default.isExecutableFile(atPath: executable) {
  processAuditTime =
    measureProcess("ecr-policy audit --format json DIR (process)") {
      runExecutable(["audit", "--format", "json", directory.path])
    }.wall
  _ = measure("ecr-policy audit DIR (process, text output)") { runExecutable(["audit", directory.path]) }
  _ = measure("ecr-policy validate DIR (process)") { runExecutable(["validate", directory.path]) }
  let onePolicy = examples.appendingPathComponent("cross-account-lambda.json").path
  _ = measure("ecr-policy audit ONE-FILE (process)", runs: 21) { runExecutable(["audit", onePolicy]) }
} else {
  print("ecr-policy executable not found next to the benchmark; build it with -c release to time whole runs")
}

// 4. The floor: reading the same files with cat.
let catTime = measure("cat of the same files (find | xargs cat)") {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/sh")
  process.arguments = ["-c", "find '\(directory.path)' -name '*.json' -print0 | xargs -0 cat > /dev/null"]
  try? process.run()
  process.waitUntilExit()
}
print(String(format: "validate / cat: %.2f×   audit / cat: %.2f×", validateTime / catTime, auditTime / catTime))
if let processAuditTime {
  print(String(format: "audit (process) / cat: %.2f×", processAuditTime / catTime))
}

// 5. The Python peer, when Benchmarks/compare-parliament.sh has installed it, on the same directory. On a shared
// machine the speed of both drifts by a third within a minute, so the two are timed in interleaved rounds
// (parliament, then ecr-policy with JSON and with text output, right after it) and each round gives its own ratios:
// the comparison is between runs made under the same conditions. Within a round ecr-policy runs three times in each
// format and its median counts: one of its runs lasts a thirtieth of parliament's, so a passing disturbance that a
// run of parliament averages out can double one of ours.
let parliament = "/tmp/ecr-policy-peers/bin/parliament"
if !FileManager.default.isExecutableFile(atPath: parliament) {
  print("parliament: not installed (run Benchmarks/compare-parliament.sh to compare)")
} else if !FileManager.default.isExecutableFile(atPath: executable) {
  print("parliament: not compared (the ecr-policy executable is not built)")
} else {
  let errors = FileManager.default.temporaryDirectory.appendingPathComponent("ecr-policy-bench-parliament.err")
  func runParliament() -> Double {
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    let start = DispatchTime.now().uptimeNanoseconds
    let process = Process()
    process.executableURL = URL(fileURLWithPath: parliament)
    process.arguments = ["--directory", directory.path, "--include_policy_extension", ".json", "--json"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = try? FileHandle(forWritingTo: errors)
    try? process.run()
    process.waitUntilExit()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
  }
  func timed(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
  }
  var jsonRatios: [Double] = []
  var textRatios: [Double] = []
  var crashed = false
  for round in 1...3 {
    let parliamentTime = runParliament()
    // parliament stops at the first policy whose shape it cannot handle (research/peers.md); its time then covers
    // only part of the directory and says nothing about speed. Its exit status cannot tell (1 also means
    // "findings"), so the Python traceback it prints is the sign.
    if ((try? String(contentsOf: errors, encoding: .utf8)) ?? "").contains("Traceback") {
      crashed = true
      break
    }
    var jsonTimes: [Double] = []
    var textTimes: [Double] = []
    for _ in 0..<3 {
      jsonTimes.append(timed { runExecutable(["audit", "--format", "json", directory.path]) })
      textTimes.append(timed { runExecutable(["audit", directory.path]) })
    }
    let jsonTime = jsonTimes.sorted()[1]
    let textTime = textTimes.sorted()[1]
    jsonRatios.append(parliamentTime / jsonTime)
    textRatios.append(parliamentTime / textTime)
    print(
      String(
        format: "round %d: parliament %.0f ms, audit JSON %.1f ms (%.1f×), audit text %.1f ms (%.1f×), medians of 3",
        round,
        parliamentTime,
        jsonTime,
        parliamentTime / jsonTime,
        textTime,
        parliamentTime / textTime
      )
    )
  }
  try? FileManager.default.removeItem(at: errors)
  if crashed {
    print("parliament crashed before the end of the directory: no comparison on this corpus")
  } else if !jsonRatios.isEmpty {
    print(
      String(
        format: "parliament / audit (process), median of the rounds: %.1f× with JSON output, %.1f× with text output",
        jsonRatios.sorted()[jsonRatios.count / 2],
        textRatios.sorted()[textRatios.count / 2]
      )
    )
  }
}

// 6. One evaluation of the cross-account example, the unit of work behind audit.
let policyText = templates.first { $0.contains("LambdaECRImageCrossAccountRetrievalPolicy") } ?? templates[0]
let policyPath = directory.appendingPathComponent("one.json").path
try Data(policyText.utf8).write(to: URL(fileURLWithPath: policyPath))
_ = measure("eval one request, one file (in-process)", runs: 21) {
  let result = CommandLineTool.run(
    [
      "eval", policyPath, "--principal", "lambda.amazonaws.com", "--action", "ecr:BatchGetImage",
      "--context", "aws:SourceArn=arn:aws:lambda:us-east-1:123456789012:function:f",
    ],
    context: context
  )
  precondition(result.exitCode == 0, result.stderr)
}
try? FileManager.default.removeItem(at: directory)
