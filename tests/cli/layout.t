#!/usr/bin/env perl
# The layout of the C sources (README.md, "Where things live"): each folder is a layer and
# may use only the layers below it, so that the map of folders is the map of the program.
#
#   interp/core   plain C, no Lua: money, dates, calendar, CSV, JSON text, buffers, files
#   interp/lua    the C modules seen from Lua (core, host/gazette.h)
#   interp/host   the Lua state, budgets, sandbox, options (core, lua)
#   interp/batch  `gazette run` (core, lua, host)        repl/  the shell (core, lua, host)
#   interp/cmd    the commands (everything above)
#   interp/host/main.c alone may include cmd/commands.h: it is the program's root.
#
# Two graphs are checked: the #include lines of the sources, and the functions each object
# file calls in the others (nm on the objects of the binary under test: build/asan for
# GAZETTE=./gazette-asan, else build/rel). A failure names the offending edge or cycle.
# Then the size of the functions, in C and in the Lua of stdlib/ and repl/: none over
# MAX_FUNCTION_LINES lines (a longer one is split into named steps), each named with its file,
# line and length when it fails.
use strict;
use warnings;
use File::Basename qw(dirname);
use Test::More;

chdir(dirname(__FILE__) . '/../..') or die "cannot cd to the repository: $!";

my %may = (
  core  => [qw(core)],
  lua   => [qw(core lua)],    # and host/gazette.h, below
  host  => [qw(core lua host)],
  batch => [qw(core lua host batch)],
  repl  => [qw(core lua host repl)],
  cmd   => [qw(core lua host batch repl cmd)],
);
my %lua_header = map { $_ => 1 } qw(lua.h lauxlib.h lualib.h luaconf.h lua.hpp);

sub layer {    # the layer of a file, or undef when it is outside every layer folder
  my ($f) = @_;
  return $1 if $f =~ m{^interp/(core|lua|host|batch|cmd)/[^/]+$};
  return 'repl' if $f =~ m{^repl/[^/]+$};
  return undef;
}

sub allowed {    # may file $from (layer $lf) use file $to (layer $lt)?
  my ($from, $lf, $to, $lt) = @_;
  return 1 if grep { $_ eq $lt } @{ $may{$lf} };
  return 1 if $lf eq 'lua' && $to eq 'interp/host/gazette.h';
  return 1 if $from eq 'interp/host/main.c' && $to =~ m{^interp/cmd/commands\.[ch]$};
  return 0;
}

# Reports the first cycle of a graph (node => [nodes]) as "a -> b -> a", or undef.
sub find_cycle {
  my ($g) = @_;
  my (%state, @path, $found);
  my $visit;
  $visit = sub {
    my ($n) = @_;
    $state{$n} = 1;
    push @path, $n;
    for my $m (sort @{ $g->{$n} || [] }) {
      last if $found;
      if (($state{$m} || 0) == 1) {
        my ($i) = grep { $path[$_] eq $m } 0 .. $#path;
        $found = join(' -> ', @path[$i .. $#path], $m);
      } elsif (!$state{$m}) {
        $visit->($m);
      }
    }
    pop @path;
    $state{$n} = 2;
  };
  for my $n (sort keys %$g) { $visit->($n) unless $state{$n} || $found }
  return $found;
}

my @files = sort(glob('interp/*.[ch] interp/*/*.[ch] interp/*/*/*.[ch] repl/*.[ch] repl/*/*.[ch]'));
ok(scalar(grep { m{^interp/(core|lua|host|batch|cmd)/} } @files) > 40, 'the sources are found in interp/*/')
  or diag('found: ' . join(' ', @files));

# ---- every source is in a layer ----
my @outside = grep { !defined layer($_) } @files;
ok(!@outside, 'every C file of interp/ and repl/ is in a layer folder')
  or diag("outside the layers: @outside");

# ---- the include graph ----
my (%inc, @bad_inc, @lua_in_core, @unresolved);
for my $f (@files) {
  open(my $fh, '<', $f) or die "$f: $!";
  my $n = 0;
  while (my $line = <$fh>) {
    $n++;
    next unless $line =~ /^\s*#\s*include\s*([<"])([^>"]+)[>"]/;
    my ($kind, $name) = ($1, $2);
    if ($lua_header{$name}) {
      push @lua_in_core, "$f:$n includes $name" if layer($f) eq 'core';
      next;
    }
    next if $kind eq '<';
    # As the compiler looks: beside the file, then -Iinterp, then -Irepl.
    my ($to) = grep { -f $_ } (dirname($f) . "/$name", "interp/$name", "repl/$name");
    if (!defined $to) { push @unresolved, "$f:$n includes \"$name\""; next }
    $to =~ s{^\./}{};
    push @{ $inc{$f} }, $to;
    my ($lf, $lt) = (layer($f), layer($to));
    push @bad_inc, "$f:$n ($lf) includes $to ($lt)" unless defined $lt && allowed($f, $lf, $to, $lt);
  }
}
ok(!@unresolved, 'every quoted include line names a file of the tree or a Lua header')
  or diag(join("\n", @unresolved));
ok(!@lua_in_core, 'interp/core includes no Lua header') or diag(join("\n", @lua_in_core));
ok(!@bad_inc, 'every include line goes to the same layer or one below it') or diag(join("\n", @bad_inc));
my $cycle = find_cycle(\%inc);
ok(!defined $cycle, 'no include cycle') or diag("include cycle: $cycle");
my @pairs = grep { my $a = $_; grep { my $b = $_; grep { $_ eq $a } @{ $inc{$b} || [] } } @{ $inc{$a} } } keys %inc;
ok(!@pairs, 'no two files include each other') or diag("mutual includes: @pairs");

# ---- the call graph between object files ----
my $objdir = ($ENV{GAZETTE} || '') =~ /-asan$/ ? 'build/asan' : 'build/rel';
my @srcs = grep { /\.c$/ } @files;
my @missing = grep { !-f "$objdir/" . s/\.c$/.o/r } @srcs;
ok(!@missing, "every source has its object in $objdir (the binary under test was built from them)")
  or diag("missing (run make): @missing");
my (%defined_in, %undef_of);
for my $src (@srcs) {
  my $obj = "$objdir/" . ($src =~ s/\.c$/.o/r);
  next unless -f $obj;
  open(my $nm, '-|', 'nm', $obj) or die "nm $obj: $!";
  while (<$nm>) {
    if (/^[0-9a-f]+ [TDBRCV] (\S+)$/) { $defined_in{$1} = $src }
    elsif (/^\s+U (\S+)$/)            { push @{ $undef_of{$src} }, $1 }
  }
  close $nm or die "nm $obj failed";
}
my (%calls, @bad_call, @lua_call);
for my $src (@srcs) {
  my %to;
  for my $sym (@{ $undef_of{$src} || [] }) {
    push @lua_call, "$src calls $sym" if layer($src) eq 'core' && $sym =~ /^(lua_|luaL_|luaopen_)/;
    my $def = $defined_in{$sym};
    next unless defined $def && $def ne $src;
    push @{ $to{$def} }, $sym;
  }
  for my $def (sort keys %to) {
    push @{ $calls{$src} }, $def;
    my ($lf, $lt) = (layer($src), layer($def));
    next if allowed($src, $lf, $def, $lt) || ($lf eq 'lua' && $lt eq 'host');
    push @bad_call, "$src ($lf) uses $def ($lt): " . join(', ', sort @{ $to{$def} });
  }
}
ok(scalar(keys %calls) > 30, 'the objects call each other (nm read them)');
ok(!@lua_call, 'interp/core calls no Lua function') or diag(join("\n", @lua_call));
ok(!@bad_call, 'every file calls only its own layer or the layers below it (lua/ may call host/)')
  or diag(join("\n", @bad_call));
$cycle = find_cycle(\%calls);
ok(!defined $cycle, 'no cycle of calls between files (sandbox.c and state.c: one direction)')
  or diag("cycle of calls: $cycle");
ok((grep { $_ eq 'interp/host/sandbox.c' } @{ $calls{'interp/host/state.c'} || [] })
     && !(grep { $_ eq 'interp/host/state.c' } @{ $calls{'interp/host/sandbox.c'} || [] }),
   'state.c uses sandbox.c, sandbox.c does not use state.c');
for my $f (qw(interp/core/calendar.c interp/cmd/cmd_gen.c interp/cmd/cmd_import.c)) {
  my @l = grep { layer($_) eq 'lua' } @{ $calls{$f} || [] };
  ok(!@l && $calls{$f}, "$f links no Lua binding") or diag("$f uses @l");
}

# ---- no function over MAX_FUNCTION_LINES lines ----
# A function's lines run from its opening brace to its closing brace. The source is read with
# comments, strings, character constants and preprocessor lines blanked (newlines kept), so
# that only real braces count; a top-level brace block is a function when the text before it
# ends with a parameter list.
use constant MAX_FUNCTION_LINES => 150;

sub functions_of {    # (file) -> ([name, first line, lines], ...)
  my ($f) = @_;
  open(my $fh, '<', $f) or die "$f: $!";
  my $src = do { local $/; <$fh> };
  $src =~ s{(/\*.*?\*/)|(//[^\n]*)|("(?:\\.|[^"\\\n])*")|('(?:\\.|[^'\\\n])*')|(^[ \t]*\#(?:[^\n]*\\\n)*[^\n]*)}
           { my $m = $&; my $nl = ($m =~ tr/\n//); ($3 || $4 ? '""' : ' ') . ("\n" x $nl) }gems;
  my ($depth, $line, $pre, @out, $start, $name) = (0, 1, '');
  for my $c (split //, $src) {
    if ($c eq "\n") { $line++; $pre .= ' ' if $depth == 0; next }
    if ($depth == 0) {
      if ($c eq '{') {
        ($name) = $pre =~ /(\w+)\s*\([^=;{}]*\)\s*$/s;
        $name = undef if $pre =~ /=\s*$/;
        ($start, $depth, $pre) = ($line, 1, '');
      } elsif ($c eq ';' || $c eq '}') {
        $pre = '';
      } else {
        $pre .= $c;
      }
      next;
    }
    $depth++ if $c eq '{';
    next unless $c eq '}' && --$depth == 0;
    push @out, [$name, $start, $line - $start + 1] if defined $name;
    $pre = '';
  }
  return @out;
}

my (@long, $nfunctions);
for my $f (grep { /\.c$/ } @files) {
  for my $fn (functions_of($f)) {
    $nfunctions++;
    push @long, "$f:$fn->[1]: $fn->[0] has $fn->[2] lines" if $fn->[2] > MAX_FUNCTION_LINES;
  }
}
ok($nfunctions > 500, "the functions of the C sources are found ($nfunctions)");
ok(!@long, 'no C function in interp/ and repl/ is over ' . MAX_FUNCTION_LINES . ' lines (split it into named steps)')
  or diag(join("\n", @long));

# The Lua of stdlib/ and repl/ the same way: a top-level function (`function x.y(...)` or
# `local function f(...)` at the start of a line) runs to the first `end` at the start of a line,
# which is how the house writes them (indented two spaces inside).
my (@long_lua, $nlua);
for my $f (sort(glob('stdlib/*.lua stdlib/*/*.lua repl/*.lua repl/*/*.lua'))) {
  open(my $fh, '<', $f) or die "$f: $!";
  my ($start, $name, $n) = (undef, undef, 0);
  while (my $l = <$fh>) {
    $n++;
    if (!defined $start && $l =~ /^(?:local\s+)?function\s+([\w.:]+)/) { ($start, $name) = ($n, $1); next }
    if (defined $start && $l =~ /^end\b/) {
      $nlua++;
      push @long_lua, "$f:$start: $name has " . ($n - $start + 1) . " lines" if $n - $start + 1 > MAX_FUNCTION_LINES;
      $start = undef;
    }
  }
}
ok($nlua > 300, "the top-level functions of the Lua sources are found ($nlua)");
ok(!@long_lua, 'no Lua function in stdlib/ and repl/ is over ' . MAX_FUNCTION_LINES . ' lines (split it into named steps)')
  or diag(join("\n", @long_lua));

done_testing();
