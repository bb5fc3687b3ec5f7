#!/usr/bin/env perl
# Writes a small GeoIP2-City-shaped MaxMind database with a few fixed ranges and real city
# coordinates, so tests and the demo run resolve locations without downloading anything.
# The ranges are the IPv4 documentation networks (RFC 5737), which no real database places.
#   usage: tools/geoip/make-city-mmdb.pl OUTPUT.mmdb
# Needs Debian's libmaxmind-db-writer-perl.
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my $output = shift or die "usage: $0 OUTPUT.mmdb\n";

my %types = (
    city            => 'map',
    continent       => 'map',
    country         => 'map',
    location        => 'map',
    subdivisions    => [ 'array', 'map' ],
    names           => 'map',
    en              => 'utf8_string',
    'zh-CN'         => 'utf8_string',
    code            => 'utf8_string',
    iso_code        => 'utf8_string',
    geoname_id      => 'uint32',
    latitude        => 'double',
    longitude       => 'double',
    accuracy_radius => 'uint16',
    time_zone       => 'utf8_string',
);

sub place {
    my (%p) = @_;
    return {
        city         => { geoname_id => $p{city_id}, names => { en => $p{city}, 'zh-CN' => $p{city_zh} } },
        continent    => { code => $p{continent}, names => { en => $p{continent_name} } },
        country      => { iso_code => $p{country}, names => { en => $p{country_name} } },
        subdivisions => [ { iso_code => $p{region_code}, names => { en => $p{region} } } ],
        location     => { latitude => $p{lat}, longitude => $p{lon}, accuracy_radius => 20, time_zone => $p{tz} },
    };
}

my %networks = (
    '192.0.2.0/25' => place(city => 'Beijing', city_zh => '北京', city_id => 1816670, region => 'Beijing', region_code => 'BJ',
        country => 'CN', country_name => 'China', continent => 'AS', continent_name => 'Asia',
        lat => 39.9042, lon => 116.4074, tz => 'Asia/Shanghai'),
    '192.0.2.128/25' => place(city => 'Hangzhou', city_zh => '杭州', city_id => 1808926, region => 'Zhejiang', region_code => 'ZJ',
        country => 'CN', country_name => 'China', continent => 'AS', continent_name => 'Asia',
        lat => 30.2741, lon => 120.1551, tz => 'Asia/Shanghai'),
    '198.51.100.0/24' => place(city => 'Shanghai', city_zh => '上海', city_id => 1796236, region => 'Shanghai', region_code => 'SH',
        country => 'CN', country_name => 'China', continent => 'AS', continent_name => 'Asia',
        lat => 31.2304, lon => 121.4737, tz => 'Asia/Shanghai'),
    '203.0.113.0/24' => place(city => 'London', city_zh => '伦敦', city_id => 2643743, region => 'England', region_code => 'ENG',
        country => 'GB', country_name => 'United Kingdom', continent => 'EU', continent_name => 'Europe',
        lat => 51.5072, lon => -0.1276, tz => 'Europe/London'),
);

my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version               => 6,
    record_size              => 28,
    database_type            => 'GeoIP2-City',
    languages                => [ 'en', 'zh-CN' ],
    description              => { en => 'PhotoSync test city database (documentation ranges only)' },
    map_key_type_callback    => sub { $types{ $_[0] } },
    remove_reserved_networks => 0,
    alias_ipv6_to_ipv4       => 1,
);
$tree->insert_network($_, $networks{$_}) for sort keys %networks;

open my $fh, '>:raw', "$output.tmp" or die "cannot write $output.tmp: $!\n";
$tree->write_tree($fh);
close $fh or die "cannot write $output.tmp: $!\n";
rename "$output.tmp", $output or die "cannot rename to $output: $!\n";
