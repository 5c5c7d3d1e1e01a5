// Example: embed cloudlife in a C++ program, launch an EC2 instance over the real Query protocol
// and step the virtual clock. Build target: cloudlife_embed_example; run it with no arguments.
#include <cstdio>
#include <string>

#include <httplib.h>

#include "cloudlife/emulator.h"

int main() {
  cloudlife::Emulator::Options options;
  options.clock = cloudlife::Emulator::ClockMode::kFrozen;
  options.timing = cloudlife::Emulator::TimingProfile::kRealistic;
  cloudlife::Emulator emulator(options);
  emulator.start();
  std::printf("cloudlife embedded at %s\n", emulator.endpoint().c_str());

  httplib::Client client(emulator.endpoint());
  const auto run =
      client.Post("/",
                  "Action=RunInstances&Version=2016-11-15&ImageId=ami-0123456789abcdef0"
                  "&InstanceType=t3.micro&MinCount=1&MaxCount=1",
                  "application/x-www-form-urlencoded");
  if (!run || run->status != 200) {
    std::fprintf(stderr, "RunInstances failed\n");
    return 1;
  }
  auto state = [&] {
    const auto res = client.Post("/", "Action=DescribeInstances&Version=2016-11-15",
                                 "application/x-www-form-urlencoded");
    const std::string& body = res->body;
    const auto at = body.find("<instanceState>");
    const auto name = body.find("<name>", at);
    return body.substr(name + 6, body.find("</name>", name) - name - 6);
  };
  std::printf("after RunInstances: %s\n", state().c_str());  // pending (realistic timing)
  emulator.advance(60);
  std::printf("60 virtual seconds later: %s\n", state().c_str());  // running
  emulator.reset();
  emulator.stop();
  return 0;
}
