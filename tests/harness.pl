#!/usr/bin/env perl
# tests/harness.pl: runs one suite of TAP tests, as `prove -j2 --timer` would, and reports its
# real counts; `make test` calls it once per suite and then prints the table of all suites.
#
#   tests/harness.pl [--exec CMD] [--results FILE] NAME TEST...   run a suite
#   tests/harness.pl --summary FILE                               the table of a `make test`
#
# A suite's counts: passed = test points that passed (not skipped); failed = test points that
# failed, plus each test file that ended badly without a failed point (a crash, a wrong plan,
# a non-zero exit); skipped = skipped test points plus whole files skipped (`1..0 # SKIP`,
# allowed only for a missing external tool), never counted as passed. The exit status is 1
# when anything failed. --results appends "STATUS<TAB>LINE" (ok, FAIL) to FILE.
use strict;
use warnings;
use Getopt::Long qw(:config require_order);
use TAP::Harness;

my ($exec, $results, $summary);
GetOptions('exec=s' => \$exec, 'results=s' => \$results, 'summary=s' => \$summary)
  or die "usage: tests/harness.pl [--exec CMD] [--results FILE] NAME TEST...\n";

if (defined $summary) { exit summary($summary); }

my ($name, @tests) = @ARGV;
die "usage: tests/harness.pl [--exec CMD] [--results FILE] NAME TEST...\n" unless defined $name && @tests;

my %args = (verbosity => 0, jobs => 2, timer => 1, color => 0);
# --exec '' runs each test file itself (the C unit tests); otherwise CMD FILE.
$args{exec} = [split ' ', $exec] if defined $exec;
print "== $name\n";
my $agg = TAP::Harness->new(\%args)->runtests(@tests);

my ($passed, $failed, $skipped) = (0, 0, 0);
my (@bad, @skips);
for my $file ($agg->descriptions) {
  my ($p) = $agg->parsers($file);
  if (defined $p->skip_all) {
    $skipped++;
    push @skips, "$file: " . ($p->skip_all || 'skipped');
    next;
  }
  my $nskip = () = $p->skipped;
  my $nfail = () = $p->failed;
  my $npass = () = $p->passed;
  $skipped += $nskip;
  push @skips, "$file: $nskip skipped" if $nskip;
  $passed += $npass - $nskip;
  $failed += $nfail;
  if ($nfail) {
    push @bad, "$file: not ok " . ranges($p->failed);
  } elsif ($p->has_problems) {
    $failed++; # ended badly with no failed test point: counted once
    my @why;
    push @why, 'exit ' . $p->exit if $p->exit;
    push @why, 'signal ' . ($p->wait & 127) if $p->wait & 127;
    push @why, $p->parse_errors;
    push @bad, "$file: " . (join('; ', @why) || 'ended badly');
  }
}

my $line = sprintf '%-22s %5d passed, %d failed', $name, $passed, $failed;
$line .= ", $skipped skipped" if $skipped;
my $status = $failed ? 'FAIL' : 'ok';
print "== $line\n";
print "   failed: $_\n" for @bad;
print "   skipped: $_\n" for @skips;
if (defined $results) {
  open my $fh, '>>', $results or die "tests/harness.pl: cannot append to $results: $!\n";
  print $fh "$status\t$line\n";
  print $fh "$status\t    failed: $_\n" for @bad;
  print $fh "skip\t    skipped: $_\n" for @skips;
  close $fh or die "tests/harness.pl: cannot write $results: $!\n";
}
exit($failed ? 1 : 0);

# 1, 2, 3, 5 -> "1-3, 5"
sub ranges {
  my @r;
  for my $n (sort { $a <=> $b } @_) {
    if (@r && $r[-1][1] + 1 == $n) { $r[-1][1] = $n } else { push @r, [$n, $n] }
  }
  return join ', ', map { $_->[0] == $_->[1] ? $_->[0] : "$_->[0]-$_->[1]" } @r;
}

# The table of every suite a `make test` ran, once, and how many suites failed.
sub summary {
  my ($file) = @_;
  open my $fh, '<', $file or do { print "make test: no suite ran ($file: $!)\n"; return 1; };
  my ($suites, $bad) = (0, 0);
  print "\n== make test: each suite once\n";
  while (my $l = <$fh>) {
    chomp $l;
    my ($status, $text) = split /\t/, $l, 2;
    next unless defined $text;
    if ($text !~ /^ /) {
      $suites++;
      $bad++ if $status ne 'ok';
    }
    print(($status eq 'FAIL' ? '!! ' : '   '), $text, "\n");
  }
  close $fh;
  printf "make test: %d suite%s, %s\n", $suites, $suites == 1 ? '' : 's',
    $bad ? "$bad failed" : 'all passed';
  return $bad ? 1 : 0;
}
