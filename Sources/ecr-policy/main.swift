import Foundation
import PolicyCommand

// The executable only connects the command layer to the process: arguments in, text and exit code out.
let context = CommandContext(readStandardInput: {
  [UInt8](FileHandle.standardInput.readDataToEndOfFile())
})
let result = CommandLineTool.run(Array(CommandLine.arguments.dropFirst()), context: context)
FileHandle.standardOutput.write(Data(result.stdout.utf8))
FileHandle.standardError.write(Data(result.stderr.utf8))
exit(result.exitCode)
