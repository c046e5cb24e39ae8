"""Small built-in word lists that let the rules tell a show's name from an ordinary word.

A title like "Lost", "You", "The Bear" or "Atlanta" is also plain English or a place.
Whether a configured title is such a word is decided here, from the title alone and
these lists, never from a per-show hint in the config: a title is *ambiguous* when it
is one word (after "The"/"A"), or when every word of it is a common English word.
Words that are capitalised anyway (weekdays, months, places, first names) are
*always-capitalised*: for them a capital letter proves nothing, so the text must say
more (quotes, a hashtag, "season 2 of", "FX's", "star") before they count.

The lists are deliberately modest; they only need to cover the words titles are made of.
"""

from __future__ import annotations

from typing import Final


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set."""
    return frozenset(text.split())


CALENDAR_WORDS: Final = words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december spring summer fall autumn
    winter christmas easter halloween today tonight tomorrow yesterday
    """
)

PLACE_WORDS: Final = words(
    """
    alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland
    massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio
    oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin
    wyoming carolina dakota jersey hampshire mexico york orleans atlanta boston chicago
    dallas denver detroit houston miami phoenix seattle portland austin nashville memphis
    baltimore philadelphia pittsburgh cleveland cincinnati fargo vegas angeles francisco
    diego jose sacramento oakland tampa orlando charlotte raleigh omaha tulsa albuquerque
    tucson anchorage honolulu juneau reno boise provo minneapolis milwaukee kansas
    louisville lexington richmond savannah charleston birmingham buffalo brooklyn manhattan
    queens bronx harlem hollywood malibu compton burbank pasadena yellowstone ozark ozarks
    everglades appalachia alcatraz broadway london paris berlin rome madrid lisbon dublin
    belfast glasgow edinburgh cardiff manchester liverpool leeds sheffield bristol oxford
    cambridge brighton york amsterdam brussels vienna prague warsaw budapest moscow istanbul
    athens oslo stockholm copenhagen helsinki zurich geneva milan venice naples florence
    barcelona tokyo osaka kyoto seoul beijing shanghai hong kong singapore bangkok mumbai
    delhi sydney melbourne brisbane perth auckland wellington toronto vancouver montreal
    ottawa calgary havana rio lima bogota cairo lagos nairobi johannesburg dubai tehran
    baghdad kabul jerusalem gaza beirut damascus casablanca marrakech america canada mexico
    brazil argentina chile peru colombia cuba jamaica haiti england scotland wales ireland
    britain france germany italy spain portugal greece russia ukraine poland sweden norway
    denmark finland iceland japan china korea india pakistan iran iraq israel egypt nigeria
    kenya australia zealand africa asia europe chernobyl
    """
)

FIRST_NAMES: Final = words(
    """
    barry dexter ellen martin jessie hank jack john james michael david robert william
    richard joseph thomas charles daniel matthew george paul mark steven andrew kevin brian
    edward ronald anthony ryan jason gary eric stephen larry frank scott justin brandon
    benjamin samuel gregory raymond patrick alexander dennis jerry tyler aaron henry adam
    douglas nathan peter zachary kyle walter harold carl jeremy keith roger gerald ethan
    arthur mary patricia jennifer linda elizabeth barbara susan margaret sarah karen nancy
    lisa betty dorothy sandra ashley kimberly donna emily michelle carol amanda melissa
    deborah stephanie rebecca laura sharon cynthia kathleen amy shirley angela helen anna
    brenda pamela nicole ruth katherine samantha christine emma catherine debra virginia
    rachel carolyn janet maria heather diane julie joyce victoria kelly christina joan
    evelyn lauren judith olivia frances martha cheryl megan andrea hannah jacqueline ann
    jean alice kathryn gloria teresa doris sara janice julia marie madison grace judy
    theresa beverly denise marilyn amber danielle abigail brittany rose diana natalie sophia
    alexis lori kayla jane luke
    """
)

# Common English words: a title made only of these ("The Bear", "Stranger Things", "This
# Is Us", "Iron Fist") is ambiguous. Single-word titles are ambiguous whatever they are.
COMMON_WORDS: Final = words(
    """
    severance succession euphoria servant dirt dirty scandal shame suspect suspects hunted
    vengeance legacy heritage empire kingdom dynasty nation republic outsider survivor
    survivors revolution rebellion resistance invasion occupation evolution destiny fate
    fortune luck chance hope faith grace mercy glory honor honour pride greed envy rage fury
    silence noise shadow shadows mirror mirrors signal warning danger trouble chaos order
    camping fishing hunting riding racing dancing singing cooking reading writing
    a an the and or of in on at to for from by with without into over under up down out off
    about after before between through against among around behind beyond near since until
    is are was were be been being am do does did have has had will would can could shall
    should may might must i you he she it we they me him her us them my your his its our
    their this that these those who what when where why how which all any both each every
    few more most other some such no nor not only own same so than too very just now then
    here there again once new old good bad big small great little long short high low young
    best better last first next only right left real true false full empty free open close
    dark light black white red blue green gold silver grey gray brown pink yellow orange man
    men woman women boy boys girl girls child children kid kids baby family father mother
    son daughter brother sister wife husband friend friends people person king queen prince
    princess lord lady master doctor nurse teacher lawyer cop cops chef killer killers
    hunter hunters walker walking dead living alive life death love hate war peace time day
    days night nights morning evening week year years world home house office place room
    game games show shows story stories city town country land sea ocean river lake mountain
    island road street station hotel hospital school college church prison court bank park
    garden bear bears wolf wolves lion lions tiger dog dogs cat cats bird birds horse horses
    fish shark sharks snake dragon dragons crown throne sword swords fire water earth air
    wind storm ice snow rain sun moon star stars sky heaven hell angel angels devil demon
    god gods ghost ghosts monster monsters witch witches wizard magic power powers heart
    hearts mind head hand hands eye eyes face blood bone bones body soul skin iron steel
    stone glass wood fist fists gun guns knife blade shield arrow bullet bomb money gold
    diamond diamonds lost found missing wanted fallen broken hidden secret secrets lies lie
    truth mystery crime crimes law order justice trial case cases rules rule game race chase
    hunt escape rescue return returns revenge crash fight fighter fighters warrior warriors
    soldier soldiers army navy police agent agents spy spies detective defender defenders
    boss bosses chief captain general major minister president senator judge jury
    witness things thing stranger strangers everything nothing something anything everyone
    someone defender defenders office place wire affair tale tales sinner
    outsider outsiders servant quest academy umbrella horses slow agent lawyer diplomat
    recruit squid banks outer empire boardwalk anarchy sons daughters peaks twin legion
    gifted runaways cloak dagger development arrested modern parks recreation community
    suits glee fringe shameless leftovers americans watchmen insecure bodyguard duty line
    shrinking invasion foundation silo loot manifest sandman mad bad breaking call better
    evil sin sins saint saints wild wilds west east north south central upper lower inner
    end beginning start edge line point side top bottom middle center circle square club
    team gang crew band league union society company firm group party wedding funeral
    birthday holiday vacation trip journey mission project plan letter letters book books
    page pages word words name names number numbers code machine machines robot robots
    computer phone phones car cars train trains ship ships plane planes boat boats truck
    bike wheel wheels food bread meat cake sugar salt wine beer coffee tea milk kitchen
    table chair bed door window wall floor roof garden yard field farm forest woods desert
    jungle valley hill cold hot warm cool wet dry hard soft loud quiet fast slow quick easy
    heavy strong weak rich poor happy sad angry funny crazy mad sick dead deadly dangerous
    perfect strange beautiful ugly pretty nice fine sweet bitter sharp brave bold wise make
    made take took give gave get got go went come came see saw know knew think thought say
    said tell told ask asked work worked play played run ran walk walked talk talked live
    lived die died kill killed save saved keep kept hold held stand stood fall fell rise
    rose break broke build built buy bought sell sold pay paid win won lose watch watched
    wait waited stay stayed leave left meet met find call called try tried need needed want
    feel felt become became begin began seem seemed help helped turn us them one two three
    four five six seven eight nine ten hundred thousand million billion billions millions
    industry hacks poker face couple matters reservation dogs
    """
)

# Words near a title that make it read as a show's name. Checked in the same sentence.
TV_CUES: Final = words(
    """
    return returns returning returned renewing cancelling canceling launch launches launched
    arrive arrives arriving drop drops dropping hits finished finishes started starts begins
    began wrapping ending ends reunion special volume installment chapter episodes anime
    season seasons series show shows episode episodes premiere premieres premiered
    premiering finale renewed renews renewal renew cancelled canceled cancels cancellation
    axed showrunner showrunners creator creators cast casting star stars starring costar co-
    star spinoff spin-off reboot revival sequel prequel pilot sitcom drama dramedy comedy
    docuseries miniseries limited streaming streamer streams stream network networks netflix
    hbo max hulu fx fxx amc bbc itv cbs nbc abc fox cw showtime starz peacock paramount
    disney apple prime amazon freeform syfy usa tnt tbs bravo lifetime hallmark britbox
    acorn channel tv television trailer teaser filming shooting production wrapped wraps
    airs aired air debut debuts debuted binge viewers ratings emmy emmys golden globes
    """
)

# Networks and studios whose possessive names a show: "FX's The Bear", "Netflix's Wednesday".
NETWORKS: Final = (
    "Netflix",
    "HBO",
    "HBO Max",
    "Max",
    "Hulu",
    "FX",
    "FXX",
    "AMC",
    "AMC+",
    "BBC",
    "BBC One",
    "BBC Two",
    "ITV",
    "Channel 4",
    "CBS",
    "NBC",
    "ABC",
    "Fox",
    "FOX",
    "The CW",
    "CW",
    "Showtime",
    "Starz",
    "Peacock",
    "Paramount+",
    "Paramount",
    "Disney+",
    "Disney",
    "Apple TV+",
    "Apple TV",
    "Apple",
    "Prime Video",
    "Amazon",
    "Freeform",
    "Syfy",
    "USA Network",
    "TNT",
    "TBS",
    "Bravo",
    "Lifetime",
    "Hallmark",
    "Marvel",
    "DC",
    "Sky",
    "Crunchyroll",
    "Adult Swim",
    "Cartoon Network",
    "Nickelodeon",
    "Comedy Central",
    "Epix",
    "MGM+",
    "BritBox",
    "Acorn TV",
)
