import Foundation
import PolicyCommand

// The executable only connects the command layer to the process: arguments in, text and exit code out.
let context = CommandContext(readStandardInput: {
  [UInt8](FileHandle.standardInput.readDataToEndOfFile())
})
let result = CommandLineTool.run(Array(CommandLine.arguments.dropFirst()), context: context)

/// Writes the text's bytes where they are: a report can run to megabytes, and a copy into `Data` is wasted.
func write(_ text: String, to handle: FileHandle) {
  var text = text
  text.withUTF8 { bytes in
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    handle.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count, deallocator: .none))
  }
}

write(result.stdout, to: FileHandle.standardOutput)
write(result.stderr, to: FileHandle.standardError)
exit(result.exitCode)
